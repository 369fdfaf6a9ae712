using EdgeAlpr.Core.Location;

namespace EdgeAlpr.Location;

/// <summary>A GPS receiver as the agent sees it: the latest fix, and a run loop that keeps it current (reconnecting on its own).</summary>
public interface IGpsSource
{
    /// <summary>The latest fix, with or without position; null until the receiver said anything.</summary>
    GpsFix? Current { get; }

    /// <summary>Sentences or reports that could not be used, counted and skipped.</summary>
    long Malformed { get; }

    event Action<GpsFix>? FixReceived;

    Task RunAsync(CancellationToken cancellationToken);
}
