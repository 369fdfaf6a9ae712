namespace EdgeAlpr.Core.Retention;

/// <summary>
/// The order in which evidence is given up when the disk is over quota: first the images of
/// routine reads, then routine reads themselves, oldest first; hits and other serious records
/// never. Within each step, reads the platform already holds go before reads it has not
/// received, so the first thing lost is what exists twice.
/// </summary>
public static class QuotaPlanner
{
    /// <param name="bytesOver">How far the store is over its quota.</param>
    /// <param name="routineReads">Routine reads still kept; those whose images are already gone have <see cref="QuotaCandidate.ImageBytes"/> 0.</param>
    public static QuotaPlan Plan(long bytesOver, IEnumerable<QuotaCandidate> routineReads)
    {
        ArgumentNullException.ThrowIfNull(routineReads);
        if (bytesOver <= 0)
        {
            return QuotaPlan.Nothing;
        }

        List<QuotaCandidate> ordered = routineReads.OrderBy(r => r.Forwarded ? 0 : 1).ThenBy(r => r.CapturedAt).ThenBy(r => r.ReadId).ToList();
        long freed = 0;
        var images = new List<QuotaCandidate>();
        foreach (QuotaCandidate read in ordered)
        {
            if (freed >= bytesOver)
            {
                break;
            }

            if (read.ImageBytes > 0)
            {
                images.Add(read);
                freed += read.ImageBytes;
            }
        }

        var imagesTaken = images.Select(r => r.ReadId).ToHashSet();
        var reads = new List<QuotaCandidate>();
        foreach (QuotaCandidate read in ordered)
        {
            if (freed >= bytesOver)
            {
                break;
            }

            reads.Add(read);
            // A read whose images the first step did not take gives them up with it.
            freed += read.RecordBytes + (imagesTaken.Contains(read.ReadId) ? 0 : read.ImageBytes);
        }

        return new QuotaPlan(images, reads, freed, Math.Max(0, bytesOver - freed));
    }
}
