using EdgeAlpr.Core.Geometry;

namespace EdgeAlpr.Core.Recognition;

/// <summary>A plate box and the way to cut it out.</summary>
public readonly record struct PlateCrop(BoundingBox Box, CropVariant Variant);
