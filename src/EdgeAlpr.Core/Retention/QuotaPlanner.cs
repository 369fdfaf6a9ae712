namespace EdgeAlpr.Core.Retention;

/// <summary>
/// What the store gives up when it is over its quota (or the disk under its free-space floor), in
/// this order:
/// <list type="number">
/// <item>new routine reads are stored without their scene (context) image; plate crops and records go on;</item>
/// <item>the images of routine reads the platform already has, oldest first;</item>
/// <item>then those routine reads themselves, oldest first.</item>
/// </list>
/// Never a hit, a serious read or an audit event, and never a read the platform does not have nor
/// any of its images (the imaging policy: no image is deleted before it is uploaded). What that
/// cannot free is reported as still over. Pausing the scene images frees nothing at once, so an
/// over-quota store takes the later steps in the same pass; the pause lifts only once the store is
/// under its limit by a margin, so it does not flap around the limit.
/// </summary>
public static class QuotaPlanner
{
    private const long MinimumResumeMargin = 256 * 1024;

    /// <param name="bytesOver">How far the store is over its quota (negative: how far under).</param>
    /// <param name="contextImagesPaused">Whether new routine reads are stored without their scene image now.</param>
    /// <param name="resumeMargin">How far under its limit the store must be before scene images are kept again (<see cref="ResumeMargin"/>).</param>
    /// <param name="routineReads">Routine reads still kept; those whose images are already gone have <see cref="QuotaCandidate.ImageBytes"/> 0.</param>
    public static QuotaPlan Plan(long bytesOver, bool contextImagesPaused, long resumeMargin, IEnumerable<QuotaCandidate> routineReads)
    {
        ArgumentNullException.ThrowIfNull(routineReads);
        bool pause = contextImagesPaused ? bytesOver > -resumeMargin : bytesOver > 0;
        if (bytesOver <= 0)
        {
            return QuotaPlan.Nothing with { PauseContextImages = pause };
        }

        // Only what the platform already has may go.
        List<QuotaCandidate> ordered = routineReads.Where(r => r.Forwarded).OrderBy(r => r.CapturedAt).ThenBy(r => r.ReadId).ToList();
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
            // A read whose images the image step did not take gives them up with it.
            freed += read.RecordBytes + (imagesTaken.Contains(read.ReadId) ? 0 : read.ImageBytes);
        }

        return new QuotaPlan(pause, images, reads, freed, Math.Max(0, bytesOver - freed));
    }

    /// <summary>How far under its limit (the quota, or the free-space floor) the store must be to keep scene images again: 5 %, at least 256 KiB.</summary>
    public static long ResumeMargin(long limitBytes) => Math.Max(MinimumResumeMargin, limitBytes / 20);
}
