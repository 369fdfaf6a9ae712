using EdgeAlpr.Application.Evidence;

namespace EdgeAlpr.Application.UseCases;

/// <summary>What became of a look at an image.</summary>
public enum ImageOutcome
{
    Found,

    /// <summary>No read with that id (never, or purged under retention).</summary>
    NoSuchRead,

    /// <summary>The read has no image with that role (a context image not kept, or a role that does not exist).</summary>
    NoSuchImage,

    /// <summary>The read's images were given up under the storage quota.</summary>
    Dropped,
}

/// <summary>An image of a read and its original bytes (when <see cref="Outcome"/> is <see cref="ImageOutcome.Found"/>).</summary>
public sealed record ImageView(ImageOutcome Outcome, StoredImage? Image, byte[]? Bytes);
