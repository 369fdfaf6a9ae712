namespace EdgeAlpr.Models;

/// <summary>Default folders, derived from where the agent runs.</summary>
public static class ModelLocations
{
    /// <summary>
    /// The checkout the agent runs from (the folder with <c>EdgeAlpr.sln</c> and
    /// <c>models/manifest.json</c>), searched upward from the working directory and then from
    /// the binary's folder; null on a deployed device.
    /// </summary>
    public static string? FindRepositoryRoot()
    {
        foreach (string start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (DirectoryInfo? dir = new(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "EdgeAlpr.sln")) && File.Exists(Path.Combine(dir.FullName, "models", "manifest.json")))
                {
                    return dir.FullName;
                }
            }
        }

        return null;
    }

    /// <summary>The checkout's <c>models/</c>, or the user's data folder on a device.</summary>
    public static string DefaultModelsDirectory() =>
        FindRepositoryRoot() is { } root
            ? Path.Combine(root, "models")
            : Path.Combine(
                Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.Create),
                "edge-alpr",
                "models"
            );

    /// <summary>The <c>shared/models</c> folder beside the checkout, when there is one.</summary>
    public static IReadOnlyList<string> DefaultMirrors() =>
        FindRepositoryRoot() is { } root ? [Path.GetFullPath(Path.Combine(root, "..", "shared", "models"))] : [];
}
