namespace EdgeAlpr.Passwords;

/// <summary>
/// The Argon2id work factors. The defaults are for a Raspberry Pi 4 (4 GB): 64 MiB of memory (the cost an
/// attacker's GPU pays per guess), 3 passes and 2 lanes (the unit has 4 cores; the read path keeps the others),
/// about a third of a second per sign-in there. They are written into every hash, so raising them later
/// re-hashes each password at its owner's next sign-in.
/// </summary>
public sealed record Argon2Parameters(int MemoryKiB = 65536, int Iterations = 3, int Parallelism = 2)
{
    /// <summary>The bounds a stored hash's parameters must keep, so a damaged or hostile record cannot make a sign-in hash gigabytes.</summary>
    public const int MaxMemoryKiB = 1024 * 1024;
    public const int MaxIterations = 64;
    public const int MaxParallelism = 16;

    public static Argon2Parameters RaspberryPi4 { get; } = new();

    /// <summary>Why these are not usable, or null when they are.</summary>
    public string? Problem() =>
        Parallelism is < 1 or > MaxParallelism ? $"parallelism must be 1 to {MaxParallelism} (is {Parallelism})"
        : Iterations is < 1 or > MaxIterations ? $"iterations must be 1 to {MaxIterations} (is {Iterations})"
        : MemoryKiB < 8 * Parallelism || MemoryKiB > MaxMemoryKiB ? $"memory must be {8 * Parallelism} to {MaxMemoryKiB} KiB (is {MemoryKiB})"
        : null;
}
