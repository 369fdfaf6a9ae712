namespace EdgeAlpr.Models;

/// <summary>Where a verified model file came from on this call.</summary>
public enum FetchSource
{
    /// <summary>Already in the models folder with the right checksum.</summary>
    Present,

    /// <summary>Copied from a local mirror folder.</summary>
    Mirror,

    /// <summary>Downloaded from its upstream URL.</summary>
    Download,

    /// <summary>Made here from another model's verified weights (<see cref="ModelDerivation"/>).</summary>
    Derived,
}

public sealed record FetchOutcome(string File, string Path, FetchSource Source, string Origin, string Sha256, long Bytes);

/// <summary>Local paths of a model's verified files.</summary>
public sealed record ModelPaths(ModelEntry Model, string WeightsPath, string? ConfigPath);
