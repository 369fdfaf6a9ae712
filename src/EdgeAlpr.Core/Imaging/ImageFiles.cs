namespace EdgeAlpr.Core.Imaging;

/// <summary>Which files are taken for pictures when a folder is read: the formats <see cref="ImageSignature"/> accepts.</summary>
public static class ImageFiles
{
    private static readonly HashSet<string> Extensions = new(StringComparer.OrdinalIgnoreCase)
    {
        ".jpg",
        ".jpeg",
        ".png",
        ".bmp",
        ".webp",
        ".tif",
        ".tiff",
    };

    /// <summary>The extensions, for messages.</summary>
    public static string Described { get; } = string.Join(", ", Extensions);

    public static bool HasImageExtension(string path) => Extensions.Contains(Path.GetExtension(path));
}
