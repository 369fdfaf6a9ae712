namespace EdgeAlpr.Storage;

/// <summary>
/// How many reads the writer makes durable together: up to <c>Store:MaxBatch</c>; halved (down to
/// one) when a batch fails for lack of space, so that whatever fits is written rather than held in
/// memory; doubled back after each success.
/// </summary>
internal sealed class BatchSize(int max)
{
    private readonly int _max = max;

    public int Limit { get; private set; } = max;

    /// <summary>True when a batch of this many was the largest the writer makes.</summary>
    public bool IsFull(int count) => count >= _max;

    public void Succeeded() => Limit = Math.Min(_max, Limit * 2);

    /// <summary>After a failed batch of <paramref name="count"/>: true (and the limit halved) when a smaller batch is worth trying at once.</summary>
    /// <param name="count">How many reads the failed batch held.</param>
    /// <param name="failure">Why it failed.</param>
    public bool ShrinkAfter(int count, Exception failure)
    {
        if (count <= 1 || !IsDiskFull(failure))
        {
            return false;
        }

        Limit = count / 2;
        return true;
    }

    /// <summary>Whether a failure is the disk (or the user's disk quota) being full, anywhere among its causes.</summary>
    public static bool IsDiskFull(Exception failure)
    {
        for (Exception? e = failure; e is not null; e = e.InnerException)
        {
            if (e is IOException io && IsDiskFullCode(io.HResult))
            {
                return true;
            }

            if (e is AggregateException aggregate && aggregate.InnerExceptions.Any(IsDiskFull))
            {
                return true;
            }
        }

        return false;
    }

    // ENOSPC and EDQUOT as .NET reports them on Linux (the errno), ERROR_DISK_FULL and
    // ERROR_HANDLE_DISK_FULL on Windows (in an HRESULT).
    private static bool IsDiskFullCode(int hresult) =>
        hresult is 28 or 122 || ((hresult & 0xFFFF0000) == 0x80070000 && (hresult & 0xFFFF) is 0x70 or 0x27);
}
