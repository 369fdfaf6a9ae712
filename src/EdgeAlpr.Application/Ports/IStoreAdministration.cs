using EdgeAlpr.Application.Evidence;

namespace EdgeAlpr.Application.Ports;

/// <summary>What an administrator asks of the store as a whole: its counts and space, and a full check.</summary>
public interface IStoreAdministration
{
    /// <summary>The store's folder, for messages.</summary>
    string Directory { get; }

    StoreStats Stats();

    StoreUsage Usage();

    /// <summary>
    /// Reads every record and hashes every image against its name; audited as <c>store_verified</c> under
    /// <paramref name="actor"/> (the person who asked; the agent when null).
    /// </summary>
    VerifyReport Verify(IProgress<long>? progress = null, string? actor = null, CancellationToken cancellationToken = default);
}
