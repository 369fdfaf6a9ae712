namespace EdgeAlpr.Agent.Cli;

/// <summary>
/// The photo benches' comparison loop: every runner (an engine, a picture library) on every item, round after round,
/// the one that goes first rotating with the item and the round, so that none always runs on a cold (or warm) cache.
/// </summary>
internal static class InterleavedRounds
{
    /// <param name="rounds">How many times over the items.</param>
    /// <param name="items">How many items (photos).</param>
    /// <param name="runners">How many runners compared.</param>
    /// <param name="run">Runs runner <c>r</c> (first argument) on item <c>i</c> (second) and records what it measured.</param>
    /// <param name="cancellationToken">Checked before each run.</param>
    public static void Run(int rounds, int items, int runners, Action<int, int> run, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(run);
        for (int round = 0; round < rounds; round++)
        {
            for (int item = 0; item < items; item++)
            {
                for (int k = 0; k < runners; k++)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    run((k + item + round) % runners, item);
                }
            }
        }
    }
}
