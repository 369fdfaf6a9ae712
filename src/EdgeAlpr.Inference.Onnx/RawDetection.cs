using EdgeAlpr.Core.Geometry;

namespace EdgeAlpr.Inference.Onnx;

/// <summary>A detector box in detector-input (letterbox) pixels.</summary>
public readonly record struct RawDetection(BoundingBox Box, float Score, int ClassId);
