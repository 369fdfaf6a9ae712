using Microsoft.Extensions.Time.Testing;

namespace EdgeAlpr.TestKit;

/// <summary>
/// The two ways the tests moved their hand-written clocks, kept as thin shims over
/// <see cref="FakeTimeProvider"/> so the tests read as before.
/// </summary>
public static class FakeTimeProviderExtensions
{
    extension(FakeTimeProvider clock)
    {
        /// <summary>
        /// The wall-clock time, settable to any instant. Why not <see cref="FakeTimeProvider.SetUtcNow"/>:
        /// the store's tests set the clock back (AuditChainTests writes an event 100 days in the past,
        /// RetentionTests returns to the real time), which SetUtcNow refuses; and like the clock they
        /// replace, setting it must not fire timers. <see cref="FakeTimeProvider.AdjustTime"/> does both.
        /// </summary>
        public DateTimeOffset Now
        {
            get => clock.GetUtcNow();
            set => clock.AdjustTime(value);
        }

        /// <summary>Moves the clock (and its timestamps) forward by <paramref name="milliseconds"/>, as the GPIO tests count button timing.</summary>
        public void Advance(double milliseconds) => clock.Advance(TimeSpan.FromMilliseconds(milliseconds));
    }
}
