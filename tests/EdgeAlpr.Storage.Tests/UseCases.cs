using EdgeAlpr.Application.People;
using EdgeAlpr.Application.UseCases;
using EdgeAlpr.Core.People;

namespace EdgeAlpr.Storage.Tests;

/// <summary>The application's use cases over a real store: the policy they hold is tested against real audit chains.</summary>
internal static class UseCases
{
    /// <summary>A signed-in investigator, as the use cases receive them.</summary>
    public static AuthenticatedUser Investigator { get; } =
        new("det.moss", "Det. K. Moss", [Role.Investigator], "IL0160000", RolePermissions.Of([Role.Investigator]));

    public static SearchReads Searches(EvidenceStore store) => new(store.Search, store.AuditLog);

    public static ReleaseEvidence Release(EvidenceStore store) => new(store.Reads, store.Retention, store.DisseminationLog, store.AuditLog);
}
