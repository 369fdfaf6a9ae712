using EdgeAlpr.Models;

namespace EdgeAlpr.Integration.Tests;

/// <summary>
/// Where the checkout, the shared models and the dev datasets are. Missing data fails loudly: these tests must
/// not pass by skipping.
/// </summary>
internal static class TestPaths
{
    public static string Root { get; } =
        ModelLocations.FindRepositoryRoot() ?? throw new InvalidOperationException("tests must run inside the EdgeAlpr checkout");

    public static string Shared => Path.GetFullPath(Path.Combine(Root, "..", "shared"));

    public static string SharedModels => Path.Combine(Shared, "models");

    public static string UsDev => Dataset("openalpr-us-dev");

    public static string Eu => Dataset("openalpr-eu");

    /// <summary>A dev photo whose plate both OCR models read right (ground truth YG9X2G).</summary>
    public static string KnownImage => Path.Combine(UsDev, "0b86cecf-67d1-4fc0-87c9-b36b0ee228bb.jpg");

    private static string Dataset(string name)
    {
        string path = Path.Combine(Shared, "datasets", name);
        return Directory.Exists(path)
            ? path
            : throw new DirectoryNotFoundException($"dev dataset missing: {path} (../shared must sit beside the checkout)");
    }
}

/// <summary>A temporary folder removed after the test, with the dev photos at hand.</summary>
internal sealed class TempDir() : TempFolder("edge-alpr-test-")
{
    /// <summary>A folder "frames" holding <paramref name="count"/> copies of the known photo, played as a stream.</summary>
    public string KnownPhotoFrames(int count)
    {
        string frames = System.IO.Path.Combine(Path, "frames");
        Directory.CreateDirectory(frames);
        for (int i = 0; i < count; i++)
        {
            System.IO.File.Copy(TestPaths.KnownImage, System.IO.Path.Combine(frames, $"f{i:D2}.jpg"));
        }

        return frames;
    }

    /// <summary>Copies the first <paramref name="count"/> photos of a dataset, with their ground truth, into this folder.</summary>
    public void CopyPhotosFrom(string dataset, int count)
    {
        foreach (string jpg in Directory.GetFiles(dataset, "*.jpg").Order(StringComparer.Ordinal).Take(count))
        {
            System.IO.File.Copy(jpg, File(System.IO.Path.GetFileName(jpg)));
            string truth = System.IO.Path.ChangeExtension(jpg, ".txt");
            System.IO.File.Copy(truth, File(System.IO.Path.GetFileName(truth)));
        }
    }
}
