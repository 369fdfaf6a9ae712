using System.Globalization;

namespace EdgeAlpr.Tools.Bench;

/// <summary>
/// This process's resident set, read from /proc/self/status, and its peak over a phase: the kernel's own high-water
/// mark (VmHWM, reset at the start through /proc/self/clear_refs) and, where that cannot be reset, samples every 20 ms.
/// </summary>
internal sealed class ProcessMemory : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _sampling;
    private readonly bool _highWaterReset;
    private long _peak;

    public ProcessMemory()
    {
        try
        {
            File.WriteAllText("/proc/self/clear_refs", "5");
            _highWaterReset = true;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            _highWaterReset = false;
        }

        _peak = Rss();
        _sampling = SampleAsync();
    }

    /// <summary>The largest resident set seen since this was made.</summary>
    public long Peak => Math.Max(Interlocked.Read(ref _peak), _highWaterReset ? Field("VmHWM:") : 0);

    public static long Rss() => Field("VmRSS:");

    /// <summary>The private part of the resident set: heaps, stacks, JIT-compiled code (what the kernel can only swap).</summary>
    public static long RssAnonymous() => Field("RssAnon:");

    /// <summary>The file-backed part: pages of the assemblies and libraries mapped, clean and dropped first under pressure.</summary>
    public static long RssFile() => Field("RssFile:");

    /// <summary>The shared-memory part: .NET maps the code it compiles twice (writable, executable) through shared memory.</summary>
    public static long RssShared() => Field("RssShmem:");

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        await _sampling.ConfigureAwait(false);
        _stop.Dispose();
    }

    private static long Field(string name) => Field("/proc/self/status", name);

    /// <summary>A size field (kB in the file) of a process's status file, in bytes; 0 when the file has none.</summary>
    public static long Field(string statusFile, string name)
    {
        foreach (string line in File.ReadLines(statusFile))
        {
            if (line.StartsWith(name, StringComparison.Ordinal))
            {
                return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024;
            }
        }

        return 0;
    }

    private async Task SampleAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            long rss = Rss();
            if (rss > Interlocked.Read(ref _peak))
            {
                Interlocked.Exchange(ref _peak, rss);
            }

            try
            {
                await Task.Delay(20, _stop.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
