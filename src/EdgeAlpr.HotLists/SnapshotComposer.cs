using EdgeAlpr.Application.HotLists;
using EdgeAlpr.Core.HotLists;
using Microsoft.Extensions.Logging;

namespace EdgeAlpr.HotLists;

/// <summary>
/// How a new snapshot is made from the one in use: a platform update applied (full: the local
/// entries kept and the list read anew; delta: rows added and removed), or a list read in pieces on
/// every core. The service decides when, and swaps the result in; this only builds.
/// </summary>
internal sealed class SnapshotComposer(HotListOptions options, HotListPolicy policy, OcrEquivalence equivalence, TimeProvider time, ILogger logger)
{
    /// <summary>Applies a platform update to the list in use; the new snapshot, what the file held, and the rows added and removed.</summary>
    /// <param name="current">The list in use.</param>
    /// <param name="update">The platform's update, full or delta.</param>
    /// <param name="check">Checks the update against the version in use (signature, hash, order); null when it was checked already (a kept file at start).</param>
    /// <param name="cancellationToken">Stops the load.</param>
    public (HotListSnapshot Next, ImportSummary Summary, int Added, int Removed) Apply(
        HotListSnapshot current,
        SignedUpdate update,
        Action<long, SignedUpdate>? check,
        CancellationToken cancellationToken
    )
    {
        long started = System.Diagnostics.Stopwatch.GetTimestamp();
        check?.Invoke(current.Version, update);

        TimeSpan checkedAt = System.Diagnostics.Stopwatch.GetElapsedTime(started);
        HotListSnapshotBuilder builder = NewBuilder(update.Version, update.CreatedAt);
        var defaults = new ImportDefaults { Origin = HotListOrigin.Platform, Source = "PLATFORM" };
        ImportSummary summary;
        int removed = 0;
        int added;
        if (update.Kind == UpdateKind.Full)
        {
            builder.AddFrom(current, static (s, e) => s.OriginAt(e) == HotListOrigin.Local);
            summary = ReadInto(builder, update.Payload, defaults, PhotoRule.Refuse, cancellationToken);
            added = summary.Accepted;
        }
        else
        {
            var rows = new List<ListRow>();
            summary = HotListFileReader.Read(
                update.Payload,
                1,
                defaults,
                time.GetUtcNow(),
                allowOperations: true,
                PhotoRule.Refuse,
                _ =>
                    row =>
                    {
                        string? problem = HotListEntryRules.Problem(
                            row.Entry,
                            row.Operation == ListOperation.Remove ? HotListPolicy.Default : policy
                        );
                        if (problem is null)
                        {
                            rows.Add(row);
                        }

                        return problem;
                    },
                cancellationToken
            );
            var removes = rows.Where(r => r.Operation == ListOperation.Remove).Select(r => (Key(r.Entry.Plate), r.Entry.State)).ToHashSet();
            int before = current.Count;
            builder.AddFrom(current, (s, e) =>
                s.OriginAt(e) == HotListOrigin.Local
                || !(removes.Contains((s.PlateKeyAt(e), s.StateAt(e))) || removes.Contains((s.PlateKeyAt(e), null)))
            );
            removed = before - builder.Count;
            added = 0;
            foreach (ListRow row in rows.Where(r => r.Operation == ListOperation.Add))
            {
                added += builder.TryAdd(row.Entry) is null ? 1 : 0;
            }
        }

        RefuseIfMostlyInvalid(summary);
        TimeSpan parsedAt = System.Diagnostics.Stopwatch.GetElapsedTime(started);
        HotListSnapshot next = builder.Build(time.GetUtcNow());
        logger.LogInformation(
            "Hot list version {Version}: signature and SHA-256 checked in {VerifyMs:F0} ms (0: at start), parsed in {ParseMs:F0} ms, indexed in {IndexMs:F0} ms",
            update.Version,
            checkedAt.TotalMilliseconds,
            (parsedAt - checkedAt).TotalMilliseconds,
            (System.Diagnostics.Stopwatch.GetElapsedTime(started) - parsedAt).TotalMilliseconds
        );
        return (next, summary, added, removed);
    }

    private static ulong Key(string plate)
    {
        PlateKey.TryPack(plate, allowWildcard: true, out ulong key);
        return key;
    }

    /// <summary>
    /// Reads a list into the builder; a large list is read in pieces on every core, each into its own builder,
    /// then joined in order.
    /// </summary>
    public ImportSummary ReadInto(
        HotListSnapshotBuilder builder,
        ReadOnlyMemory<byte> list,
        ImportDefaults defaults,
        PhotoRule photos,
        CancellationToken cancellationToken
    )
    {
        int parts = Math.Clamp(Environment.ProcessorCount, 1, 4);
        var pieces = new HotListSnapshotBuilder[parts];
        pieces[0] = builder;
        for (int i = 1; i < parts; i++)
        {
            pieces[i] = NewBuilder(builder.Version, builder.CreatedAt);
        }

        // About 50 bytes per row in a typical list, half of it text kept for hits: size the
        // columns once instead of doubling. The first piece's builder receives the others' rows.
        builder.EnsureCapacity(builder.Count + (list.Length / 50), list.Length / 2);
        for (int i = 1; i < parts; i++)
        {
            pieces[i].EnsureCapacity(list.Length / parts / 50, list.Length / parts / 2);
        }

        ImportSummary summary = HotListFileReader.Read(
            list,
            parts,
            defaults,
            time.GetUtcNow(),
            allowOperations: false,
            photos,
            i => row => pieces[i].TryAdd(row.Entry),
            cancellationToken
        );
        for (int i = 1; i < parts; i++)
        {
            builder.AddFrom(pieces[i]);
        }

        return summary;
    }

    public static void RefuseIfMostlyInvalid(ImportSummary summary)
    {
        if (summary.IsMostlyInvalid)
        {
            string examples = string.Join("; ", summary.Errors.Take(5).Select(e => $"line {e.Line}: {e.Reason}"));
            throw new HotListImportException(
                summary.DataLines == 0
                    ? "the list has no entries"
                    : $"refused as a whole: {summary.Rejected} of {summary.DataLines} rows are invalid ({examples})",
                summary
            );
        }
    }

    public HotListSnapshotBuilder NewBuilder(long version, DateTimeOffset? createdAt) =>
        new(policy, equivalence, options.EditMatchMinLength) { Version = version, CreatedAt = createdAt };
}
