namespace EdgeAlpr.TestKit.Fuzzing;

/// <summary>
/// What every parser of outside input must do with any input: return, or throw only its own
/// documented exception types; finish within <see cref="TimeLimit"/>; allocate no more than
/// <see cref="AllocationLimit"/> for the input's size. A violation fails with the reason.
/// </summary>
public static class CleanParse
{
    /// <summary>
    /// Wall time, generous for one parse of at most ~100 KiB on a slow, shared 2-core machine; a hang or a loop over a
    /// huge count is far past it. 10 s, not less: the unit tests run beside the integration tests, whose processes
    /// and builds can hold both cores, and a 9 KiB hot-list copy that replays in milliseconds once waited past 2 s.
    /// </summary>
    public static readonly TimeSpan TimeLimit = TimeSpan.FromSeconds(10);

    /// <summary>
    /// For a call that parses and then writes its result durably (a hot-list import: the local file and the kept
    /// copy, each fsynced). An fsync on a shared CI disk while another suite writes has stalled one such import past
    /// <see cref="TimeLimit"/> (the same input replays in milliseconds); a hang is still far past this.
    /// </summary>
    public static readonly TimeSpan TimeLimitWithDisk = TimeSpan.FromSeconds(20);

    /// <summary>
    /// 64 MiB, plus 256 bytes per input byte (a parse copies and splits its input a few times; it does not size
    /// arrays by what the input claims).
    /// </summary>
    public static long AllocationLimit(int inputLength) => (64L << 20) + (256L * inputLength);

    /// <summary>Runs <paramref name="parse"/> on a thread of its own and checks the outcome; returns true so it can end a property.</summary>
    public static bool Check(FuzzInput input, Action parse, params Type[] allowed)
    {
        ArgumentNullException.ThrowIfNull(input);
        return Check(input.Bytes.Length, input.ToString(), TimeLimit, parse, allowed);
    }

    /// <summary>As <see cref="Check(FuzzInput, Action, Type[])"/>, with a time limit of the caller's (see <see cref="TimeLimitWithDisk"/>).</summary>
    public static bool Check(FuzzInput input, TimeSpan timeLimit, Action parse, params Type[] allowed)
    {
        ArgumentNullException.ThrowIfNull(input);
        return Check(input.Bytes.Length, input.ToString(), timeLimit, parse, allowed);
    }

    public static bool Check(int inputLength, string what, Action parse, params Type[] allowed) =>
        Check(inputLength, what, TimeLimit, parse, allowed);

    private static bool Check(int inputLength, string what, TimeSpan timeLimit, Action parse, Type[] allowed)
    {
        Exception? thrown = null;
        long allocated = 0;
        var thread = new Thread(
            () =>
            {
                long before = GC.GetAllocatedBytesForCurrentThread();
                try
                {
                    parse();
                }
                catch (Exception ex)
                {
                    thrown = ex;
                }

                allocated = GC.GetAllocatedBytesForCurrentThread() - before;
            },
            maxStackSize: 4 << 20
        )
        {
            IsBackground = true,
            Name = "parse under test",
        };
        thread.Start();
        if (!thread.Join(timeLimit))
        {
            throw new Xunit.Sdk.XunitException($"the parse did not finish within {timeLimit.TotalSeconds} s ({what})");
        }

        if (thrown is not null && !allowed.Contains(thrown.GetType()))
        {
            throw new Xunit.Sdk.XunitException($"the parse threw {thrown.GetType().Name}, which is not one of its typed errors ({what}):\n{thrown}");
        }

        long limit = AllocationLimit(inputLength);
        if (allocated > limit)
        {
            throw new Xunit.Sdk.XunitException(
                $"the parse allocated {allocated:N0} bytes, more than {limit:N0} for {inputLength} bytes of input ({what})"
            );
        }

        return true;
    }
}
