namespace EdgeAlpr.Export.Tests;

/// <summary>A temporary folder for packages and what they open into.</summary>
internal sealed class PackageFolder() : TempFolder("edge-alpr-export-test-")
{
    public string Root => Path;

    /// <summary>Evidence-like files: two "images" of random bytes and a metadata document.</summary>
    public static List<PackageFile> Files(int imageBytes = 20_000)
    {
        byte[] plate = new byte[imageBytes];
        byte[] scene = new byte[imageBytes * 4];
        Random.Shared.NextBytes(plate);
        Random.Shared.NextBytes(scene);
        return
        [
            new PackageFile("DISCLAIMER.txt", "LAW ENFORCEMENT SENSITIVE\n"u8.ToArray()),
            new PackageFile("metadata.json", "{\"reads\":[]}"u8.ToArray()),
            new PackageFile("images/read-1/plate.jpg", plate),
            new PackageFile("images/read-1/context.jpg", scene),
        ];
    }
}
