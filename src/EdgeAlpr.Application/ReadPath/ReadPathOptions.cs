namespace EdgeAlpr.Application.ReadPath;

/// <summary>How the agent's read path runs: the host maps its settings onto this.</summary>
public sealed record ReadPathOptions
{
    /// <summary>The unit's id, for the log.</summary>
    public string DeviceId { get; init; } = "";

    /// <summary>The state of the plates the unit sees, normalised, for hot-list matching; null: any.</summary>
    public string? State { get; init; }

    /// <summary>Reads handed to the store and not yet durable, at most.</summary>
    public int StoreWindow { get; init; } = 512;

    /// <summary>Alerts raised and not yet dispatched, at most.</summary>
    public int AlertQueue { get; init; } = 64;

    /// <summary>Stop the application once every camera has ended (recordings, the demo, tests).</summary>
    public bool StopWhenCamerasEnd { get; init; }

    /// <summary>With <see cref="StopWhenCamerasEnd"/>: how long to wait for the platform to take the outbox.</summary>
    public TimeSpan DrainTimeout { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>With <see cref="StopWhenCamerasEnd"/>: how long to stay up once the outbox is drained (a demo looked at in the console).</summary>
    public TimeSpan LingerAfterCamerasEnd { get; init; }

    /// <summary>Whether the unit forwards to a platform (then the outbox is drained before stopping).</summary>
    public bool Forwards { get; init; }
}
