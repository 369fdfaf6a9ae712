using System.Globalization;

namespace EdgeAlpr.Uplink.Tests;

/// <summary>
/// What receiving costs this process: bytes allocated (exact, process-wide: the tests that use it run alone) and the
/// resident set, sampled every 20 ms, for the attacks on the inbound topics.
/// </summary>
internal sealed class InboundMemory : IAsyncDisposable
{
    private readonly long _allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _sampling;
    private long _peakRss;

    public InboundMemory()
    {
        RssBefore = Rss();
        _peakRss = RssBefore;
        _sampling = SampleAsync();
    }

    public long RssBefore { get; }

    public long PeakRss => Interlocked.Read(ref _peakRss);

    public long Allocated => GC.GetTotalAllocatedBytes(precise: true) - _allocatedBefore;

    public static long Rss()
    {
        foreach (string line in File.ReadLines("/proc/self/status"))
        {
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
            {
                return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024;
            }
        }

        throw new InvalidOperationException("no VmRSS in /proc/self/status");
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _sampling;
        _stop.Dispose();
    }

    private async Task SampleAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            long rss = Rss();
            if (rss > Interlocked.Read(ref _peakRss))
            {
                Interlocked.Exchange(ref _peakRss, rss);
            }

            try
            {
                await Task.Delay(20, _stop.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
