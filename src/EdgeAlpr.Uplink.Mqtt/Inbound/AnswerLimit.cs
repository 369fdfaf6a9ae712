namespace EdgeAlpr.Uplink.Inbound;

/// <summary>
/// At most <c>perMinute</c> answers on <c>…/cmd-result</c> to refused commands in any 60 seconds (a sliding window of
/// the times of the last answers): a flood of refusals is not echoed back to the broker one for one. The answers not
/// sent are counted in the refusals' audit (<c>answers_dropped</c>).
/// </summary>
internal sealed class AnswerLimit(int perMinute, TimeProvider time)
{
    private static readonly TimeSpan Window = TimeSpan.FromMinutes(1);
    private readonly Queue<DateTimeOffset> _sent = new();
    private readonly Lock _gate = new();

    /// <summary>True when one more answer may go now (and counts it).</summary>
    public bool TryTake()
    {
        DateTimeOffset now = time.GetUtcNow();
        lock (_gate)
        {
            while (_sent.TryPeek(out DateTimeOffset at) && now - at >= Window)
            {
                _sent.Dequeue();
            }

            if (_sent.Count >= perMinute)
            {
                return false;
            }

            _sent.Enqueue(now);
            return true;
        }
    }
}
