namespace EdgeAlpr.TestKit;

/// <summary>A fresh folder under the system's temporary folder, removed with everything in it on dispose.</summary>
public class TempFolder : IDisposable
{
    /// <summary>A folder named <paramref name="prefix"/> and a random suffix.</summary>
    public TempFolder(string prefix = "edge-alpr-test-") => Path = Directory.CreateTempSubdirectory(prefix).FullName;

    public string Path { get; }

    /// <summary>The path of <paramref name="name"/> in the folder (nothing is created).</summary>
    public string File(string name) => System.IO.Path.Combine(Path, name);

    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    protected virtual void Dispose(bool disposing)
    {
        if (disposing && Directory.Exists(Path))
        {
            Directory.Delete(Path, recursive: true);
        }
    }
}
