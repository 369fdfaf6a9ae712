using System.Collections.Concurrent;
using EdgeAlpr.Application.Evidence;
using EdgeAlpr.Application.People;
using EdgeAlpr.Application.Ports;
using EdgeAlpr.Core.People;

namespace EdgeAlpr.Application.UseCases;

/// <summary>
/// A person looks at a read's image (its plate crop or its context scene, as stored): the bytes come back checked
/// against the SHA-256 taken at capture, and the look is audited (<c>read_viewed</c>, subject the read, with the
/// image's role). A holder of <see cref="Permission.ViewLiveReads"/>, <see cref="Permission.Search"/> (the results) or
/// <see cref="Permission.ApproveRelease"/> (the reads of a release to decide) may; a refusal is audited.
/// </summary>
/// <remarks>
/// A live screen shows each read's thumbnails and fetches them again as it redraws; an event per fetch would bury
/// the audit trail (and wear the unit's storage) under thousands of identical lines an hour. So a user's look at a
/// read is audited once per <see cref="Window"/>: the first image of that read they open starts the window (the
/// event names that image's role), and further fetches of that read's images by the same person within it are
/// covered by that event. Kept in memory only: a restart audits the next look afresh, which errs on the side of
/// recording.
/// </remarks>
public sealed class ViewReadImages(IReadStore reads, IAuditLog audit, TimeProvider time, TimeSpan? window = null)
{
    public const string ViewedAction = "read_viewed";

    /// <summary>How long one <c>read_viewed</c> event covers the same person's further looks at the same read.</summary>
    public static readonly TimeSpan DefaultWindow = TimeSpan.FromMinutes(10);

    // Past this many remembered looks, those whose window has ended are swept out, so memory stays bounded.
    private const int SweepAbove = 4096;

    private readonly ConcurrentDictionary<(string Login, Guid Read), DateTimeOffset> _audited = new();

    public TimeSpan Window { get; } = window ?? DefaultWindow;

    /// <summary>The image of <paramref name="readId"/> with <paramref name="role"/> (<c>plate</c>, <c>context</c>), or why there is none.</summary>
    /// <exception cref="CorruptImageException">The image's bytes no longer match its capture hash (nothing is shown).</exception>
    public ImageView Find(AuthenticatedUser user, Guid readId, string role)
    {
        // The live screen's thumbnails, an investigator's search results, a supervisor's view of the reads in a release
        // to decide: each look audited below, whoever looks.
        Access.AuthorizeAny(
            user,
            audit,
            "read_image_view",
            readId.ToString(),
            Permission.ViewLiveReads,
            Permission.Search,
            Permission.ApproveRelease
        );
        ArgumentNullException.ThrowIfNull(role);
        if (reads.FindRead(readId) is not { } read)
        {
            return new ImageView(ImageOutcome.NoSuchRead, null, null);
        }

        if (read.Images.FirstOrDefault(i => string.Equals(i.Role, role, StringComparison.Ordinal)) is not { } image)
        {
            return new ImageView(ImageOutcome.NoSuchImage, null, null);
        }

        byte[] bytes;
        try
        {
            bytes = reads.ReadImage(image.Sha256);
        }
        catch (FileNotFoundException) when (read.ImagesDroppedAt is not null)
        {
            return new ImageView(ImageOutcome.Dropped, image, null);
        }
        catch (DirectoryNotFoundException) when (read.ImagesDroppedAt is not null)
        {
            return new ImageView(ImageOutcome.Dropped, image, null);
        }

        Audit(user, read, image);
        return new ImageView(ImageOutcome.Found, image, bytes);
    }

    private void Audit(AuthenticatedUser user, StoredRead read, StoredImage image)
    {
        DateTimeOffset now = time.GetUtcNow();
        (string, Guid) key = (user.Login, read.Id);
        if (_audited.TryGetValue(key, out DateTimeOffset since) && now - since < Window)
        {
            return;
        }

        audit.RecordAudit(
            ViewedAction,
            read.Id.ToString(),
            new Dictionary<string, object?>(StringComparer.Ordinal)
            {
                ["role"] = image.Role,
                ["sha256"] = image.Sha256,
                ["plate"] = read.Plate,
                ["camera_id"] = read.CameraId,
            },
            user.Login
        );
        _audited[key] = now;
        if (_audited.Count > SweepAbove)
        {
            foreach (KeyValuePair<(string, Guid), DateTimeOffset> old in _audited.Where(e => now - e.Value >= Window))
            {
                _audited.TryRemove(old);
            }
        }
    }
}
