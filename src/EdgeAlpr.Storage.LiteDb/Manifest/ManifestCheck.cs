namespace EdgeAlpr.Storage;

/// <summary>
/// Compares the database with its manifest at opening. The manifest is written right after each
/// commit, so a power cut between the two leaves the database at most one commit ahead: that is
/// accepted. Anything else that differs is damage, reported with what differs.
/// </summary>
internal static class ManifestCheck
{
    /// <summary>What is wrong, or null when the database is the one its manifest describes.</summary>
    public static string? Problem(StoreManifest manifest, bool hadManifest, bool databaseExisted, CommitState? database, long auditSeq)
    {
        ManifestState? m = manifest.Current;
        if (m is null)
        {
            if (manifest.Problems.Count > 0)
            {
                return $"{manifest.Path}: {string.Join("; ", manifest.Problems)}";
            }

            // A store made before the manifest existed has no commit counters either: it starts them now.
            return database is not null || (hadManifest && databaseExisted)
                ? $"the manifest {manifest.Path} is missing: nothing outside the database vouches for it (deleted, or the store was copied without it)"
                : null;
        }

        if (database is not { } db)
        {
            return $"the database is older than its manifest: it holds no commit record, but its manifest names store {m.StoreId} at commit {m.Generation} (cut short, replaced or re-made)";
        }

        if (db.StoreId != m.StoreId)
        {
            return $"the database is store {db.StoreId} but its manifest names store {m.StoreId}: files from another store";
        }

        if (db.Generation < m.Generation || db.ReadsStored < m.ReadsStored || auditSeq < m.AuditSeq)
        {
            return $"the database is older than its manifest (commit {db.Generation} of {m.Generation}, {db.ReadsStored} reads stored of {m.ReadsStored}, audit event {auditSeq} of {m.AuditSeq}): cut short or rolled back to an earlier copy";
        }

        return db.Generation > m.Generation + 1
            ? $"the database is younger than its manifest (commit {db.Generation}, manifest {m.Generation}): the manifest is an old copy, or the database is from elsewhere"
            : null;
    }
}
