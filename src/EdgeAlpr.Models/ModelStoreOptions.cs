namespace EdgeAlpr.Models;

/// <summary>Where model files live on this machine and where they may be fetched from.</summary>
public sealed class ModelStoreOptions
{
    /// <summary>Folder holding the verified model files. Empty: <see cref="ModelLocations.DefaultModelsDirectory"/>.</summary>
    public string ModelsDirectory { get; set; } = "";

    /// <summary>
    /// Local folders holding copies of the model files, tried in order before any download.
    /// Empty: <see cref="ModelLocations.DefaultMirrors"/> (the <c>../shared/models</c> beside a checkout).
    /// </summary>
    public List<string> MirrorDirectories { get; set; } = [];

    /// <summary>Whether files no mirror has may be downloaded from their upstream URLs.</summary>
    public bool AllowDownload { get; set; } = true;

    /// <summary>Longest time one model file may take to download.</summary>
    public TimeSpan DownloadTimeout { get; set; } = TimeSpan.FromMinutes(5);
}
