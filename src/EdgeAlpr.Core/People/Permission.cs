namespace EdgeAlpr.Core.People;

/// <summary>One thing a use case may require of the person who asks; granted only through <see cref="Role"/>s.</summary>
public enum Permission
{
    ViewLiveReads,
    DecideHits,
    Search,
    RequestRelease,
    ApproveRelease,
    ManageLocalEntries,
    ReadAudit,
    ManageUsers,
    ManageSettings,
    ManageKeys,
}
