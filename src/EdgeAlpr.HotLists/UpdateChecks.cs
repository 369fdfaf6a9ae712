using System.Security.Cryptography;
using EdgeAlpr.Application.HotLists;

namespace EdgeAlpr.HotLists;

/// <summary>
/// Whether a signed update may be applied on top of a version: signed with the platform's key, addressed to this unit
/// (its agency and device group), newer than that version and, for a delta, made for it. <see cref="Header"/> is all of
/// it but the list's hash, for an update judged on its header before its body arrives.
/// </summary>
internal sealed class UpdateChecks(ECDsa? platformKey, string? agency, string? deviceGroup) : IDisposable
{
    /// <summary>Every check, the list's SHA-256 included; throws <see cref="HotListImportException"/>.</summary>
    public void Whole(long currentVersion, SignedUpdate update)
    {
        update.Verify(Key());
        AddressedAndNewer(currentVersion, update);
    }

    /// <summary>What can be known from the header alone; throws <see cref="HotListImportException"/>.</summary>
    public void Header(long currentVersion, SignedUpdate update)
    {
        update.VerifySignature(Key());
        AddressedAndNewer(currentVersion, update);
    }

    public void Dispose() => platformKey?.Dispose();

    private ECDsa Key() =>
        platformKey
        ?? throw new HotListImportException(
            "no platform public key is configured (HotList:PublicKeyPath), so no signed update can be checked",
            code: HotListRefusal.NoKey
        );

    private void AddressedAndNewer(long currentVersion, SignedUpdate update)
    {
        UpdateAudience.Check(update.Audience, agency, deviceGroup);
        if (update.Version <= currentVersion)
        {
            throw new HotListImportException(
                $"version {update.Version} is not newer than version {currentVersion} in use",
                code: HotListRefusal.NotNewer
            );
        }

        if (update.Kind == UpdateKind.Delta && update.BaseVersion != currentVersion)
        {
            throw new HotListImportException(
                $"delta to version {update.Version} applies to version {update.BaseVersion}, but this unit has version {currentVersion}; a full list is needed",
                code: HotListRefusal.WrongBase
            );
        }
    }
}
