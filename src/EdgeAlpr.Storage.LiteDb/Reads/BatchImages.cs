using EdgeAlpr.Application.Evidence;
using EdgeAlpr.Core.Reads;
using LiteDB;
using Microsoft.Extensions.Logging;

namespace EdgeAlpr.Storage;

/// <summary>
/// The images of one batch of reads: which are kept (the scene image of a routine read not while
/// the quota pauses them; always both for hits and evidence), which the batch adds to the folder,
/// and removing those again when the batch fails.
/// </summary>
internal static class BatchImages
{
    /// <summary>The images to write, and for each read whether its scene image is among them.</summary>
    /// <param name="reads">The batch's reads, in order.</param>
    /// <param name="pauseContext">True while the quota keeps no scene image of a new routine read.</param>
    public static (List<EvidenceImage> Images, bool[] KeepContext) Plan(IReadOnlyList<ReadSubmission> reads, bool pauseContext)
    {
        var keepContext = new bool[reads.Count];
        var images = new List<EvidenceImage>(reads.Count * 2);
        for (int i = 0; i < reads.Count; i++)
        {
            ReadSubmission s = reads[i];
            keepContext[i] = !pauseContext || s.Hits.Count > 0 || s.Evidence;
            images.Add(s.Read.PlateImage);
            if (keepContext[i])
            {
                images.Add(s.Read.ContextImage);
            }
        }

        return (images, keepContext);
    }

    /// <summary>The images not in the folder yet: those the batch adds.</summary>
    public static List<string> NotYetKept(ImageStore folder, IEnumerable<EvidenceImage> images) =>
        images.Select(i => i.Sha256).Distinct(StringComparer.Ordinal).Where(sha => !folder.Exists(sha)).ToList();

    /// <summary>
    /// After a failed batch, removes the images it added, so that a smaller batch has their room and
    /// a retry counts them again; unless the failure came after the commit (its reads are in the
    /// database) or the database cannot tell, when they stay (<c>store purge --orphans</c> removes
    /// what no read names).
    /// </summary>
    /// <param name="session">The store.</param>
    /// <param name="readIds">The failed batch's reads.</param>
    /// <param name="added">The images it added (<see cref="NotYetKept"/> before it wrote them).</param>
    public static void Forget(StoreSession session, IReadOnlyList<Guid> readIds, List<string> added)
    {
        if (added.Count == 0)
        {
            return;
        }

        try
        {
            bool committed = session.ReadOnly(db =>
            {
                ILiteCollection<BsonDocument> reads = db.GetCollection(StoreCollections.Reads);
                return readIds.Any(id => reads.FindById(id) is not null);
            });
            if (!committed)
            {
                foreach (string sha in added)
                {
                    session.Images.Delete(sha);
                }
            }
        }
        catch (Exception ex) when (StoreSession.IsStorageFailure(ex))
        {
            session.Logger.LogDebug(ex, "Could not remove the images of a batch that failed; store purge --orphans removes them");
        }
    }
}
