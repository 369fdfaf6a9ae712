using EdgeAlpr.Core.Geometry;
using EdgeAlpr.Core.Recognition;

namespace EdgeAlpr.Vision.OpenCv;

/// <summary>A plate box and the way to cut it out.</summary>
public readonly record struct PlateCrop(BoundingBox Box, CropVariant Variant);
