namespace EdgeAlpr.Storage;

/// <summary>Where a store keeps an image, for tools and tests that look at the files themselves.</summary>
public static class ImageFiles
{
    /// <summary>The sealed file of the image with this SHA-256 in the store at <paramref name="directory"/>.</summary>
    public static string PathOf(string directory, StoreKey key, string sha256) =>
        new ImageStore(Path.Combine(directory, StoreCollections.ImageFolder), StoreKeys.From(key)).PathOf(sha256);
}
