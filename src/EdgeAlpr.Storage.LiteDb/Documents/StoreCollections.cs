namespace EdgeAlpr.Storage;

/// <summary>The database's collections and the fields the store queries by.</summary>
internal static class StoreCollections
{
    public const string Reads = "reads";
    public const string Hits = "hits";
    public const string Dispositions = "dispositions";
    public const string Outbox = "outbox";
    public const string Audit = "audit";
    public const string Disseminations = "disseminations";
    public const string Meta = "meta";
    public const string Users = "users";
    public const string ReleaseRequests = "release_requests";

    public const int SchemaVersion = 1;

    public const string DataFile = "store.db";
    public const string LogFile = "store-log.db";
    public const string LockFile = ".lock";
    public const string ImageFolder = "images";
}
