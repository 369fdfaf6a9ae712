using System.Text;
using EdgeAlpr.Application.Evidence;
using EdgeAlpr.Core.People;
using LiteDB;

namespace EdgeAlpr.Storage.Tests;

/// <summary>The <c>users</c> collection: records round-trip whole, survive a reopen, stay sealed at rest, and a salvage names them.</summary>
public sealed class UserRepositoryTests : IDisposable
{
    private const string Hash = "$argon2id$v=19$m=65536,t=3,p=2$c2FsdHNhbHRzYWx0c2FsdA$aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNoaGFzaGhhc2g";
    private readonly StoreFixture _fixture = new();

    public void Dispose() => _fixture.Dispose();

    private UnitUser Officer =>
        new(
            "ofc.lee",
            "Ofc. J. Lee",
            [Role.Officer, Role.Supervisor],
            "IL0160000",
            new DateOnly(2027, 6, 30),
            Disabled: false,
            FailedSignIns: 0,
            LockedUntil: null,
            Hash,
            _fixture.Clock.GetUtcNow(),
            "chief",
            UserSources.Local
        );

    [Fact]
    public async Task A_user_is_found_listed_and_updated_whole_and_is_there_after_a_reopen()
    {
        await using (EvidenceStore store = _fixture.Open())
        {
            Assert.Empty(store.Users.List());
            Assert.Null(store.Users.Find("ofc.lee"));
            store.Users.Add(Officer);
            store.Users.Add(Officer with { Login = "chief", Roles = [Role.Admin] });
            Assert.Equal(Fields(Officer), Fields(store.Users.Find("ofc.lee")!));
            DateTimeOffset locked = _fixture.Clock.GetUtcNow().AddMinutes(15);
            store.Users.Update(Officer with { FailedSignIns = 5, LockedUntil = locked, Disabled = true });
            UnitUser changed = store.Users.Find("ofc.lee")!;
            Assert.Equal((5, locked, true), (changed.FailedSignIns, changed.LockedUntil, changed.Disabled));
        }

        await using (EvidenceStore reopened = _fixture.Open())
        {
            Assert.Equal(["chief", "ofc.lee"], reopened.Users.List().Select(u => u.Login));
            UnitUser kept = reopened.Users.Find("ofc.lee")!;
            Assert.Equal([Role.Officer, Role.Supervisor], kept.Roles);
            Assert.Equal(new DateOnly(2027, 6, 30), kept.CertifiedUntil);
            Assert.Equal(Hash, kept.PasswordHash);
            Assert.Equal(_fixture.Clock.GetUtcNow().AddMinutes(15), kept.LockedUntil);
            Assert.Equal(_fixture.Clock.GetUtcNow(), kept.CreatedAt);
        }
    }

    [Fact]
    public async Task A_second_user_of_the_same_name_and_an_update_of_no_one_are_refused_and_change_nothing()
    {
        await using EvidenceStore store = _fixture.Open();
        store.Users.Add(Officer);
        Assert.Throws<InvalidOperationException>(() => store.Users.Add(Officer with { DisplayName = "Impostor" }));
        Assert.Throws<InvalidOperationException>(() => store.Users.Update(Officer with { Login = "ghost" }));
        Assert.Equal("Ofc. J. Lee", Assert.Single(store.Users.List()).DisplayName);
        Assert.Null(store.Users.Find("ghost"));
    }

    [Fact]
    public async Task Users_are_sealed_at_rest_no_name_or_hash_readable_in_the_store_files()
    {
        await using (EvidenceStore store = _fixture.Open())
        {
            store.Users.Add(Officer);
        }

        byte[] name = Encoding.UTF8.GetBytes("Ofc. J. Lee");
        byte[] hash = Encoding.UTF8.GetBytes("argon2id");
        foreach (string file in Directory.EnumerateFiles(_fixture.Options.Directory, "*", SearchOption.AllDirectories))
        {
            byte[] bytes = File.ReadAllBytes(file);
            Assert.True(bytes.AsSpan().IndexOf(name) < 0, $"{file} holds a display name in clear");
            Assert.True(bytes.AsSpan().IndexOf(hash) < 0, $"{file} holds a password hash in clear");
        }
    }

    [Fact]
    public async Task A_repair_salvages_the_users_whole()
    {
        await using (EvidenceStore store = _fixture.Open())
        {
            store.Users.Add(Officer);
            store.Users.Update(Officer with { FailedSignIns = 2 });
        }

        StoreRepairReport repair = EvidenceStore.Repair(
            _fixture.Options,
            _fixture.Key,
            _fixture.Clock,
            Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance,
            force: true
        )!;
        Assert.Equal(0, repair.LostPages);
        await using EvidenceStore repaired = _fixture.Open();
        Assert.Equal(Fields(Officer with { FailedSignIns = 2 }), Fields(Assert.Single(repaired.Users.List())));
        Assert.True(repaired.Administration.Verify().Ok);
    }

    [Fact]
    public void A_salvaged_collection_of_users_is_named_users_not_meta()
    {
        var doc = new BsonDocument
        {
            ["_id"] = "ofc.lee",
            ["password_hash"] = Hash,
            ["agency_ori"] = "IL0160000",
        };
        Assert.Equal(StoreCollections.Users, CollectionNames.Guess([doc]));
        Assert.Equal(StoreCollections.Meta, CollectionNames.Guess([new BsonDocument { ["_id"] = "schema", ["version"] = 1 }]));
    }

    /// <summary>Every field, the roles as text (a record compares its list by reference).</summary>
    private static string Fields(UnitUser u) =>
        string.Join(
            "|",
            u.Login,
            u.DisplayName,
            string.Join(",", u.Roles),
            u.AgencyOri,
            u.CertifiedUntil,
            u.Disabled,
            u.FailedSignIns,
            u.LockedUntil,
            u.PasswordHash,
            u.CreatedAt.ToUnixTimeMilliseconds(),
            u.CreatedBy,
            u.Source
        );
}
