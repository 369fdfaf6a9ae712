using EdgeAlpr.Application.UseCases;

namespace EdgeAlpr.Storage.Tests;

/// <summary>The application's use cases over a real store: the policy they hold is tested against real audit chains.</summary>
internal static class UseCases
{
    public static SearchReads Searches(EvidenceStore store) => new(store.Search, store.AuditLog);

    public static ReleaseEvidence Release(EvidenceStore store) => new(store.Reads, store.Retention, store.DisseminationLog, store.AuditLog);
}
