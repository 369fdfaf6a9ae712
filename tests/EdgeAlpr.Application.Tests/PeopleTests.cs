using EdgeAlpr.Application.People;
using EdgeAlpr.Core.People;
using Microsoft.Extensions.Time.Testing;

namespace EdgeAlpr.Application.Tests;

/// <summary>
/// Users and roles on the unit: the permission map, sign-in (lockout, disabled, certification, rehash), and
/// an admin's changes (last-admin protection, password policy), each audited, with fakes for the store and hasher.
/// </summary>
public sealed class PeopleTests
{
    private const string AdminPassword = "steady-harbor-lantern";
    private const string OfficerPassword = "quiet-orchard-7741";
    private static readonly DateOnly NextYear = new(2027, 11, 30);

    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 23, 12, 0, 0, TimeSpan.Zero));
    private readonly FakeUserStore _users = new();
    private readonly FakeHasher _hasher = new();
    private readonly FakeAuditLog _audit = new();
    private readonly ListLogger<SignIn> _signInLog = new();
    private readonly ListLogger<AdministerUsers> _adminLog = new();

    private AdministerUsers Administer => new(_users, _hasher, _audit, _clock, _adminLog);

    private SignIn SignIn(SignInOptions? options = null) => new(_users, [new LocalPasswords(_hasher)], _audit, _clock, options, _signInLog);

    /// <summary>The first admin (bootstrap) and an officer, signed in as the admin.</summary>
    private AuthenticatedUser Setup()
    {
        Administer.Bootstrap(new NewUser("chief", "Chief R. Diaz", [Role.Admin], "IL0160000", NextYear), AdminPassword, "root");
        AuthenticatedUser admin = SignIn().Run("chief", AdminPassword, "test");
        Administer.Add(admin, new NewUser("ofc.lee", "Ofc. J. Lee", [Role.Officer], "il0160000", NextYear), OfficerPassword);
        _audit.Events.Clear();
        return admin;
    }

    [Fact]
    public void Each_role_grants_exactly_its_permissions_an_admin_cannot_search_and_an_auditor_only_reads_the_trail()
    {
        Assert.Equal(new HashSet<Permission> { Permission.ViewLiveReads, Permission.DecideHits }, RolePermissions.Of(Role.Officer));
        Assert.Equal(
            new HashSet<Permission> { Permission.ViewLiveReads, Permission.Search, Permission.RequestRelease },
            RolePermissions.Of(Role.Investigator)
        );
        Assert.Equal(new HashSet<Permission> { Permission.ApproveRelease, Permission.ManageLocalEntries }, RolePermissions.Of(Role.Supervisor));
        Assert.Equal(new HashSet<Permission> { Permission.ReadAudit }, RolePermissions.Of(Role.Auditor));
        Assert.Equal(
            new HashSet<Permission> { Permission.ManageUsers, Permission.ManageSettings, Permission.ManageKeys },
            RolePermissions.Of(Role.Admin)
        );
        Assert.DoesNotContain(Permission.Search, RolePermissions.Of(Role.Admin));
        // Every permission is granted by some role, so none is a dead letter.
        Assert.All(Enum.GetValues<Permission>(), p => Assert.Contains(Enum.GetValues<Role>(), r => RolePermissions.Of(r).Contains(p)));
        Assert.Equal(
            new HashSet<Permission> { Permission.ViewLiveReads, Permission.Search, Permission.RequestRelease, Permission.ReadAudit },
            RolePermissions.Of([Role.Investigator, Role.Auditor])
        );
    }

    [Fact]
    public void Authorize_names_the_missing_permission_and_the_roles_that_grant_it()
    {
        var admin = new AuthenticatedUser("chief", "Chief", [Role.Admin], "IL0160000", RolePermissions.Of(Role.Admin));
        Access.Authorize(admin, Permission.ManageUsers);
        AccessDeniedException denied = Assert.Throws<AccessDeniedException>(() => Access.Authorize(admin, Permission.Search));
        Assert.Equal(Permission.Search, denied.Missing);
        Assert.Contains("lacks the Search permission", denied.Message, StringComparison.Ordinal);
        Assert.Contains("investigator", denied.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_right_password_signs_in_with_the_roles_permissions_and_agency_and_is_audited()
    {
        Setup();
        AuthenticatedUser officer = SignIn().Run("ofc.lee", OfficerPassword, "cli as root");
        Assert.Equal("ofc.lee", officer.Login);
        Assert.Equal("IL0160000", officer.AgencyOri);
        Assert.True(officer.Can(Permission.DecideHits));
        Assert.False(officer.Can(Permission.Search));
        AuditEvent e = Assert.Single(_audit.Events);
        Assert.Equal(("sign_in", "ofc.lee", "ofc.lee"), (e.Action, e.Subject, e.Actor));
        Assert.Equal("cli as root", e.Details["origin"]);
    }

    [Fact]
    public void An_unknown_user_and_a_wrong_password_get_the_same_answer_and_both_are_audited_as_bad_credentials()
    {
        Setup();
        int before = _hasher.Verifications;
        SignInRefusedException unknown = Assert.Throws<SignInRefusedException>(() => SignIn().Run("nobody", OfficerPassword, "test"));
        // The unknown name still costs a hash check, so timing does not tell which names exist.
        Assert.True(_hasher.Verifications > before);
        SignInRefusedException wrong = Assert.Throws<SignInRefusedException>(() => SignIn().Run("ofc.lee", "not-the-password!", "test"));
        Assert.Equal(unknown.Message, wrong.Message);
        Assert.Equal(SignInRefusal.BadCredentials, unknown.Reason);
        Assert.Equal(SignInRefusal.BadCredentials, wrong.Reason);
        Assert.All(_audit.Events, e =>
            Assert.Equal(("sign_in_failed", "unauthenticated", "bad_credentials"), (e.Action, e.Actor, e.Details["reason"]))
        );
        Assert.Equal(["nobody", "ofc.lee"], _audit.Events.Select(e => e.Subject));
    }

    [Fact]
    public void The_fifth_failure_in_a_row_locks_the_account_for_15_minutes_then_it_signs_in_and_the_count_restarts()
    {
        Setup();
        for (int i = 1; i <= 4; i++)
        {
            Assert.Equal(
                SignInRefusal.BadCredentials,
                Assert.Throws<SignInRefusedException>(() => SignIn().Run("ofc.lee", "wrong" + i, "test")).Reason
            );
            Assert.Equal(i, _users.Find("ofc.lee")!.FailedSignIns);
        }

        SignInRefusedException fifth = Assert.Throws<SignInRefusedException>(() => SignIn().Run("ofc.lee", "wrong5", "test"));
        Assert.Equal(SignInRefusal.Locked, fifth.Reason);
        Assert.Contains("locked until 2026-11-23 12:15:00 UTC", fifth.Message, StringComparison.Ordinal);
        AuditEvent locked = Assert.Single(_audit.Events, e => e.Action == "user_locked");
        Assert.Equal("ofc.lee", locked.Subject);
        Assert.Equal(5, locked.Details["failed_sign_ins"]);

        // Locked: even the right password is refused, with the time it ends, and that is audited too.
        _clock.Advance(TimeSpan.FromMinutes(14));
        SignInRefusedException stillLocked = Assert.Throws<SignInRefusedException>(() => SignIn().Run("ofc.lee", OfficerPassword, "test"));
        Assert.Equal(SignInRefusal.Locked, stillLocked.Reason);
        Assert.Equal("locked", _audit.Events[^1].Details["reason"]);

        _clock.Advance(TimeSpan.FromMinutes(1));
        SignIn().Run("ofc.lee", OfficerPassword, "test");
        UnitUser after = _users.Find("ofc.lee")!;
        Assert.Equal((0, (DateTimeOffset?)null), (after.FailedSignIns, after.LockedUntil));
    }

    [Fact]
    public void A_failure_after_a_lock_ran_out_counts_from_one_and_does_not_lock_again()
    {
        Setup();
        for (int i = 0; i < 5; i++)
        {
            Assert.Throws<SignInRefusedException>(() => SignIn().Run("ofc.lee", "wrong", "test"));
        }

        _clock.Advance(TimeSpan.FromMinutes(16));
        Assert.Equal(SignInRefusal.BadCredentials, Assert.Throws<SignInRefusedException>(() => SignIn().Run("ofc.lee", "wrong", "test")).Reason);
        Assert.Equal(1, _users.Find("ofc.lee")!.FailedSignIns);
        Assert.Single(_audit.Events, e => e.Action == "user_locked");
    }

    [Fact]
    public void The_lockout_follows_its_options()
    {
        Setup();
        var options = new SignInOptions { MaxFailures = 3, LockoutDuration = TimeSpan.FromMinutes(30) };
        for (int i = 0; i < 2; i++)
        {
            Assert.Equal(
                SignInRefusal.BadCredentials,
                Assert.Throws<SignInRefusedException>(() => SignIn(options).Run("ofc.lee", "wrong", "t")).Reason
            );
        }

        Assert.Equal(SignInRefusal.Locked, Assert.Throws<SignInRefusedException>(() => SignIn(options).Run("ofc.lee", "wrong", "t")).Reason);
        _clock.Advance(TimeSpan.FromMinutes(20));
        Assert.Equal(SignInRefusal.Locked, Assert.Throws<SignInRefusedException>(() => SignIn(options).Run("ofc.lee", OfficerPassword, "t")).Reason);
        Assert.Throws<ArgumentException>(() => SignIn(new SignInOptions { MaxFailures = 0 }));
    }

    [Fact]
    public void A_disabled_account_is_refused_as_disabled_only_with_the_right_password()
    {
        AuthenticatedUser admin = Setup();
        Administer.Disable(admin, "ofc.lee");
        Assert.Equal(SignInRefusal.Disabled, Assert.Throws<SignInRefusedException>(() => SignIn().Run("ofc.lee", OfficerPassword, "t")).Reason);
        // Without the password nothing about the account is told.
        Assert.Equal(SignInRefusal.BadCredentials, Assert.Throws<SignInRefusedException>(() => SignIn().Run("ofc.lee", "wrong", "t")).Reason);
        Administer.Enable(admin, "ofc.lee");
        Assert.Equal("ofc.lee", SignIn().Run("ofc.lee", OfficerPassword, "t").Login);
    }

    [Fact]
    public void An_expired_certification_is_refused_with_its_date_and_holds_through_its_last_day()
    {
        AuthenticatedUser admin = Setup();
        Administer.Certify(admin, "ofc.lee", new DateOnly(2026, 11, 23));
        Assert.Equal("ofc.lee", SignIn().Run("ofc.lee", OfficerPassword, "t").Login);
        _clock.Advance(TimeSpan.FromHours(12));
        SignInRefusedException expired = Assert.Throws<SignInRefusedException>(() => SignIn().Run("ofc.lee", OfficerPassword, "t"));
        Assert.Equal(SignInRefusal.CertificationExpired, expired.Reason);
        Assert.Contains("expired on 2026-11-24 (valid through 2026-11-23)", expired.Message, StringComparison.Ordinal);
        Assert.Equal("certification_expired", _audit.Events[^1].Details["reason"]);
    }

    [Fact]
    public void A_hash_made_with_old_parameters_is_remade_at_sign_in()
    {
        var old = new FakeHasher(version: 1);
        new AdministerUsers(_users, old, _audit, _clock).Bootstrap(
            new NewUser("chief", "Chief", [Role.Admin], "IL0160000", NextYear),
            AdminPassword,
            "root"
        );
        string before = _users.Find("chief")!.PasswordHash;
        Assert.True(_hasher.NeedsRehash(before));
        SignIn().Run("chief", AdminPassword, "t");
        string after = _users.Find("chief")!.PasswordHash;
        Assert.NotEqual(before, after);
        Assert.False(_hasher.NeedsRehash(after));
        SignIn().Run("chief", AdminPassword, "t");
    }

    [Fact]
    public void A_stored_hash_that_cannot_be_read_refuses_as_a_wrong_password_and_tells_the_admin_in_the_log()
    {
        Setup();
        _users.Update(_users.Find("ofc.lee")! with { PasswordHash = "garbage" });
        Assert.Equal(SignInRefusal.BadCredentials, Assert.Throws<SignInRefusedException>(() => SignIn().Run("ofc.lee", OfficerPassword, "t")).Reason);
        Assert.Contains(_signInLog.Messages, m =>
            m.Message.Contains("not readable", StringComparison.Ordinal) && !m.Message.Contains("garbage", StringComparison.Ordinal)
        );
    }

    [Fact]
    public void Only_a_user_with_ManageUsers_administers_and_a_refusal_is_audited()
    {
        Setup();
        AuthenticatedUser officer = SignIn().Run("ofc.lee", OfficerPassword, "t");
        AccessDeniedException denied = Assert.Throws<AccessDeniedException>(() =>
            Administer.Add(officer, new NewUser("ofc.kim", "Kim", [Role.Admin], "IL0160000", NextYear), "another-long-password")
        );
        Assert.Equal(Permission.ManageUsers, denied.Missing);
        Assert.Throws<AccessDeniedException>(() => Administer.Disable(officer, "chief"));
        Assert.Throws<AccessDeniedException>(() => Administer.List(officer));
        Assert.Null(_users.Find("ofc.kim"));
        Assert.False(_users.Find("chief")!.Disabled);
        Assert.Equal(3, _audit.Events.Count(e => e.Action == "access_denied" && e.Actor == "ofc.lee"));
    }

    [Fact]
    public void Every_change_is_audited_with_the_admin_as_actor()
    {
        AuthenticatedUser admin = Setup();
        Administer.Add(admin, new NewUser("det.moss", "Det. K. Moss", [Role.Investigator], "IL0160000", NextYear), "ledger-granite-8812");
        Administer.Disable(admin, "det.moss");
        Administer.Enable(admin, "det.moss");
        Administer.SetRoles(admin, "det.moss", [Role.Supervisor, Role.Investigator, Role.Investigator]);
        Administer.ResetPassword(admin, "det.moss", "copper-meadow-9920");
        Administer.Certify(admin, "det.moss", new DateOnly(2028, 1, 31));
        Assert.Equal(
            ["user_added", "user_disabled", "user_enabled", "user_roles_changed", "user_password_reset", "user_certified"],
            _audit.Events.Select(e => e.Action)
        );
        Assert.All(_audit.Events, e => Assert.Equal(("chief", "det.moss"), (e.Actor, e.Subject)));
        Assert.Equal(new[] { "investigator" }, (IEnumerable<string>)_audit.Events[3].Details["from"]!);
        Assert.Equal(new[] { "investigator", "supervisor" }, (IEnumerable<string>)_audit.Events[3].Details["to"]!);
        Assert.Equal("2028-01-31", _audit.Events[5].Details["to"]);
        UnitUser moss = _users.Find("det.moss")!;
        Assert.Equal([Role.Investigator, Role.Supervisor], moss.Roles);
        Assert.Equal("det.moss", SignIn().Run("det.moss", "copper-meadow-9920", "t").Login);
    }

    [Fact]
    public void The_unit_is_never_left_without_an_enabled_admin()
    {
        AuthenticatedUser admin = Setup();
        UserAdministrationException refused = Assert.Throws<UserAdministrationException>(() => Administer.Disable(admin, "chief"));
        Assert.Contains("without an enabled admin", refused.Message, StringComparison.Ordinal);
        Assert.Throws<UserAdministrationException>(() => Administer.SetRoles(admin, "chief", [Role.Auditor]));

        // A second admin who is disabled does not count; once enabled, the first may step down.
        Administer.Add(admin, new NewUser("it.ward", "Ward", [Role.Admin], "IL0160000", NextYear), "signal-tundra-3318");
        Administer.Disable(admin, "it.ward");
        Assert.Throws<UserAdministrationException>(() => Administer.SetRoles(admin, "chief", [Role.Auditor]));
        Administer.Enable(admin, "it.ward");
        Administer.SetRoles(admin, "chief", [Role.Auditor]);
        Assert.Equal([Role.Auditor], _users.Find("chief")!.Roles);
        // Now the other admin is the last: it cannot be disabled.
        Assert.Throws<UserAdministrationException>(() => Administer.Disable(admin, "it.ward"));
    }

    [Theory]
    [InlineData("short-pw", "at least 12 characters")]
    [InlineData("my-name-is-ofc.kim", "must not contain the user's login name")]
    [InlineData("OFC.KIM-2026-spring", "must not contain the user's login name")]
    [InlineData("             ", "must not be only spaces")]
    public void A_password_against_the_policy_is_refused_and_nothing_is_added(string password, string problem)
    {
        AuthenticatedUser admin = Setup();
        UserAdministrationException refused = Assert.Throws<UserAdministrationException>(() =>
            Administer.Add(admin, new NewUser("ofc.kim", "Kim", [Role.Officer], "IL0160000", NextYear), password)
        );
        Assert.Contains(refused.Problems, p => p.Contains(problem, StringComparison.Ordinal));
        Assert.DoesNotContain(refused.Message, password.Trim().Length > 0 ? password : "\u0000", StringComparison.Ordinal);
        Assert.Null(_users.Find("ofc.kim"));
        Assert.Empty(_audit.Events);
        // The same rules when an admin resets a password (the name rule read against that user's name).
        Assert.Throws<UserAdministrationException>(() =>
            Administer.ResetPassword(admin, "ofc.lee", password.Replace("kim", "lee", StringComparison.OrdinalIgnoreCase))
        );
    }

    [Theory]
    [InlineData("Ofc.Kim", "IL0160000", "lower-case letters")]
    [InlineData("k", "IL0160000", "2 to 64 characters")]
    [InlineData("ofc kim", "IL0160000", "lower-case letters")]
    [InlineData("ofc.kim", "IL016000", "9 letters and digits")]
    [InlineData("ofc.kim", "1L0160000", "9 letters and digits")]
    [InlineData("ofc.kim", "IL01600-0", "9 letters and digits")]
    public void A_bad_login_name_or_agency_ORI_is_refused_with_what_is_wrong(string login, string ori, string problem)
    {
        AuthenticatedUser admin = Setup();
        UserAdministrationException refused = Assert.Throws<UserAdministrationException>(() =>
            Administer.Add(admin, new NewUser(login, "Kim", [Role.Officer], ori, NextYear), "meadow-copper-2211")
        );
        Assert.Contains(refused.Problems, p => p.Contains(problem, StringComparison.Ordinal));
        Assert.Equal(2, _users.List().Count);
    }

    [Fact]
    public void A_certification_date_in_the_past_a_duplicate_name_and_an_unknown_user_are_refused()
    {
        AuthenticatedUser admin = Setup();
        Assert.Contains(
            "in the past",
            Assert.Throws<UserAdministrationException>(() => Administer.Certify(admin, "ofc.lee", new DateOnly(2026, 11, 22))).Message,
            StringComparison.Ordinal
        );
        Assert.Contains(
            "exists already",
            Assert
                .Throws<UserAdministrationException>(() =>
                    Administer.Add(admin, new NewUser("ofc.lee", "Lee", [Role.Officer], "IL0160000", NextYear), "meadow-copper-2211")
                )
                .Message,
            StringComparison.Ordinal
        );
        Assert.Contains(
            "no user ghost",
            Assert.Throws<UserAdministrationException>(() => Administer.Enable(admin, "ghost")).Message,
            StringComparison.Ordinal
        );
        Assert.Throws<UserAdministrationException>(() => Administer.SetRoles(admin, "ofc.lee", []));
        Assert.Empty(_audit.Events);
    }

    [Fact]
    public void Bootstrap_makes_only_the_first_user_only_an_admin_and_audits_the_operating_system_user()
    {
        Assert.True(Administer.NeedsBootstrap);
        Assert.Contains(
            "must be an admin",
            Assert
                .Throws<UserAdministrationException>(() =>
                    Administer.Bootstrap(new NewUser("ofc.lee", "Lee", [Role.Officer], "IL0160000", NextYear), OfficerPassword, "root")
                )
                .Message,
            StringComparison.Ordinal
        );
        Administer.Bootstrap(new NewUser("chief", "Chief", [Role.Admin], "IL0160000", NextYear), AdminPassword, "jdoe");
        AuditEvent e = Assert.Single(_audit.Events);
        Assert.Equal(("user_bootstrap", "chief", "jdoe"), (e.Action, e.Subject, e.Actor));
        Assert.False(Administer.NeedsBootstrap);
        Assert.Throws<UserAdministrationException>(() =>
            Administer.Bootstrap(new NewUser("chief2", "Chief", [Role.Admin], "IL0160000", NextYear), AdminPassword, "jdoe")
        );
        Assert.Single(_users.List());
    }

    [Fact]
    public void No_password_or_hash_is_in_any_audit_detail_or_log_message()
    {
        AuthenticatedUser admin = Setup();
        Administer.ResetPassword(admin, "ofc.lee", "brand-new-secret-5521");
        for (int i = 0; i < 6; i++)
        {
            Assert.Throws<SignInRefusedException>(() => SignIn().Run("ofc.lee", "guessed-secret-" + i, "t"));
        }

        Assert.Throws<SignInRefusedException>(() => SignIn().Run("nobody", "guessed-for-nobody", "t"));
        Assert.Throws<UserAdministrationException>(() => Administer.ResetPassword(admin, "ofc.lee", "short"));
        SignIn().Run("chief", AdminPassword, "t");

        string[] secrets =
        [
            AdminPassword,
            OfficerPassword,
            "brand-new-secret-5521",
            "guessed-secret-",
            "guessed-for-nobody",
            .. _users.List().Select(u => u.PasswordHash),
        ];
        IEnumerable<string> recorded = _audit
            .Events.SelectMany(e => e.Details.Values.Select(Text).Append(e.Subject ?? string.Empty).Append(e.Actor))
            .Concat(_signInLog.Messages.Select(m => m.Message))
            .Concat(_adminLog.Messages.Select(m => m.Message));
        Assert.NotEmpty(_signInLog.Messages);
        foreach (string text in recorded)
        {
            Assert.All(secrets, s => Assert.DoesNotContain(s, text, StringComparison.Ordinal));
            Assert.DoesNotContain("$fake$", text, StringComparison.Ordinal);
        }

        static string Text(object? value) =>
            value is IEnumerable<string> list
                ? string.Join(",", list)
                : Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture) ?? string.Empty;
    }

    [Fact]
    public void Role_names_read_back_and_an_unknown_one_lists_the_roles()
    {
        Assert.All(Enum.GetValues<Role>(), r => Assert.Equal(r, RoleNames.Parse(RoleNames.Name(r))));
        Assert.Equal("investigator", RoleNames.Name(Role.Investigator));
        FormatException bad = Assert.Throws<FormatException>(() => RoleNames.Parse("root"));
        Assert.Contains("officer, investigator, supervisor, auditor, admin", bad.Message, StringComparison.Ordinal);
    }
}
