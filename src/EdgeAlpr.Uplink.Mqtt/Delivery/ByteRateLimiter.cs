using System.Threading.RateLimiting;

namespace EdgeAlpr.Uplink.Delivery;

/// <summary>
/// Caps the bytes sent per second on a metered link: a token bucket refilled ten times a second
/// that holds a tenth of a second's worth, so even a burst after a quiet spell barely exceeds
/// the cap. A message larger than the bucket takes it several times over.
/// </summary>
public sealed class ByteRateLimiter : IDisposable
{
    private readonly TokenBucketRateLimiter _bucket;
    private readonly int _bucketSize;

    public ByteRateLimiter(long bytesPerSecond)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(bytesPerSecond, 10);
        _bucketSize = (int)Math.Min(bytesPerSecond / 10, int.MaxValue);
        _bucket = new TokenBucketRateLimiter(
            new TokenBucketRateLimiterOptions
            {
                TokenLimit = _bucketSize,
                TokensPerPeriod = _bucketSize,
                ReplenishmentPeriod = TimeSpan.FromMilliseconds(100),
                QueueLimit = int.MaxValue,
                QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
                AutoReplenishment = true,
            }
        );
        BytesPerSecond = bytesPerSecond;
    }

    public long BytesPerSecond { get; }

    public async ValueTask WaitAsync(long bytes, CancellationToken cancellationToken)
    {
        while (bytes > 0)
        {
            int take = (int)Math.Min(bytes, _bucketSize);
            using RateLimitLease lease = await _bucket.AcquireAsync(take, cancellationToken).ConfigureAwait(false);
            if (!lease.IsAcquired)
            {
                throw new InvalidOperationException("the byte-rate limiter refused a wait; its queue is full");
            }

            bytes -= take;
        }
    }

    public void Dispose() => _bucket.Dispose();
}
