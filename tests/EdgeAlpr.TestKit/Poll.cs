namespace EdgeAlpr.TestKit;

/// <summary>Waits for a condition that something running in the background makes true, checking every 50 ms.</summary>
public static class Poll
{
    /// <summary>The time limit of <see cref="UntilAsync"/> when none is given.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(20);

    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(50);

    /// <summary>
    /// Returns once <paramref name="condition"/> holds; fails the test ("timed out waiting for <paramref
    /// name="what"/>") past the time limit (20 s unless given).
    /// </summary>
    public static async Task UntilAsync(Func<bool> condition, string what, TimeSpan? timeout = null)
    {
        ArgumentNullException.ThrowIfNull(condition);
        DateTime until = DateTime.UtcNow + (timeout ?? DefaultTimeout);
        while (!condition())
        {
            if (DateTime.UtcNow > until)
            {
                throw new Xunit.Sdk.XunitException($"timed out waiting for {what}");
            }

            await Task.Delay(Interval);
        }
    }

    /// <summary>
    /// Waits until <paramref name="condition"/> holds or <paramref name="timeout"/> has passed, for a test that
    /// asserts the outcome itself; true when it held.
    /// </summary>
    public static async Task<bool> WaitAsync(Func<bool> condition, TimeSpan timeout)
    {
        ArgumentNullException.ThrowIfNull(condition);
        DateTime until = DateTime.UtcNow + timeout;
        while (!condition())
        {
            if (DateTime.UtcNow >= until)
            {
                return condition();
            }

            await Task.Delay(Interval);
        }

        return true;
    }

    /// <summary>The same, blocking, for a constructor; <paramref name="interval"/> between checks.</summary>
    public static bool Wait(Func<bool> condition, TimeSpan timeout, TimeSpan interval)
    {
        ArgumentNullException.ThrowIfNull(condition);
        DateTime until = DateTime.UtcNow + timeout;
        while (!condition())
        {
            if (DateTime.UtcNow >= until)
            {
                return condition();
            }

            Thread.Sleep(interval);
        }

        return true;
    }
}
