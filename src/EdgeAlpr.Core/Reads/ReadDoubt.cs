namespace EdgeAlpr.Core.Reads;

/// <summary>
/// Why a vehicle pass is not trusted to be a read on its own (see <see cref="Tracking.PassAcceptance"/>).
/// A doubtful pass is still matched against the hot list: it is kept only for a hit on a mandatory category,
/// otherwise it is suppressed and counted under its reason.
/// </summary>
public enum ReadDoubt
{
    /// <summary>Fewer characters than the shortest plate its region issues.</summary>
    TooShort,

    /// <summary>A box no plate has: far too tall or far too wide for its height.</summary>
    ImplausibleBox,

    /// <summary>Neither sure enough of its reading nor read alike in enough frames.</summary>
    Unconfirmed,
}
