using System.Globalization;
using EdgeAlpr.Application.People;
using EdgeAlpr.Core.People;
using LiteDB;

namespace EdgeAlpr.Storage;

/// <summary>
/// The unit's user accounts, in the <c>users</c> collection of the evidence store: sealed at rest with the
/// evidence, so the password hashes are no easier to take than the reads. Keyed by login name. Users are not
/// subject to retention and never forwarded; what is done to them is, through the audit trail.
/// </summary>
internal sealed class UserRepository(StoreSession session) : IUserStore
{
    public UnitUser? Find(string login)
    {
        ArgumentNullException.ThrowIfNull(login);
        return session.ReadOnly(db => db.GetCollection(StoreCollections.Users).FindById(login) is { } doc ? ToUser(doc) : null);
    }

    public IReadOnlyList<UnitUser> List() =>
        session.ReadOnly(db =>
            db.GetCollection(StoreCollections.Users).FindAll().Select(ToUser).OrderBy(u => u.Login, StringComparer.Ordinal).ToList()
        );

    public void Add(UnitUser user)
    {
        ArgumentNullException.ThrowIfNull(user);
        session.Write(db =>
        {
            ILiteCollection<BsonDocument> users = db.GetCollection(StoreCollections.Users);
            if (users.FindById(user.Login) is not null)
            {
                throw new InvalidOperationException($"a user {user.Login} exists already");
            }

            return users.Insert(ToDocument(user));
        });
    }

    public void Update(UnitUser user)
    {
        ArgumentNullException.ThrowIfNull(user);
        session.Write(db =>
            db.GetCollection(StoreCollections.Users).Update(ToDocument(user))
                ? true
                : throw new InvalidOperationException($"there is no user {user.Login}")
        );
    }

    private static BsonDocument ToDocument(UnitUser u) =>
        new()
        {
            ["_id"] = u.Login,
            ["display_name"] = u.DisplayName,
            ["roles"] = new BsonArray(u.Roles.Select(r => new BsonValue(RoleNames.Name(r)))),
            ["agency_ori"] = u.AgencyOri,
            ["certified_until"] = u.CertifiedUntil.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            ["disabled"] = u.Disabled,
            ["failed_sign_ins"] = u.FailedSignIns,
            ["locked_until"] = u.LockedUntil is { } until ? StoreDocuments.Utc(until) : BsonValue.Null,
            ["password_hash"] = u.PasswordHash,
            ["created_at"] = StoreDocuments.Utc(u.CreatedAt),
            ["created_by"] = u.CreatedBy,
            ["source"] = u.Source,
        };

    private static UnitUser ToUser(BsonDocument d) =>
        new(
            d["_id"].AsString,
            d["display_name"].AsString,
            d["roles"].AsArray.Select(v => RoleNames.Parse(v.AsString)).ToList(),
            d["agency_ori"].AsString,
            DateOnly.ParseExact(d["certified_until"].AsString, "yyyy-MM-dd", CultureInfo.InvariantCulture),
            d["disabled"].AsBoolean,
            d["failed_sign_ins"].AsInt32,
            StoreDocuments.OptionalTime(d["locked_until"]),
            d["password_hash"].AsString,
            StoreDocuments.Time(d["created_at"]),
            d["created_by"].AsString,
            d["source"].AsString
        );
}
