namespace EdgeAlpr.Hosting.Commands;

/// <summary>Process exit codes, the same for every command.</summary>
public static class ExitCodes
{
    public const int Ok = 0;

    /// <summary>The command ran, but some inputs could not be processed (each was reported).</summary>
    public const int SomeInputsFailed = 1;

    /// <summary>Nothing was processed: bad arguments, bad configuration, or models unavailable.</summary>
    public const int UsageOrConfiguration = 2;

    /// <summary>Stopped by Ctrl-C or SIGTERM.</summary>
    public const int Cancelled = 130;
}
