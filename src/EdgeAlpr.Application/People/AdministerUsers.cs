using System.Globalization;
using EdgeAlpr.Application.Ports;
using EdgeAlpr.Core.People;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace EdgeAlpr.Application.People;

/// <summary>
/// An admin's changes to the unit's users: add, disable, enable, set roles, reset a password, certify. Each
/// needs <see cref="Permission.ManageUsers"/>, is audited with the admin as actor, and none may leave the unit
/// without an enabled admin (no one could then manage it). The first admin of an empty unit is made by
/// <see cref="Bootstrap"/>, audited under the operating-system user.
/// </summary>
public sealed class AdministerUsers(
    IUserStore users,
    IPasswordHasher hasher,
    IAuditLog audit,
    TimeProvider time,
    ILogger<AdministerUsers>? logger = null
)
{
    private readonly ILogger _logger = (ILogger?)logger ?? NullLogger.Instance;

    /// <summary>Whether the unit has no user at all: only then can <see cref="Bootstrap"/> make the first admin.</summary>
    public bool NeedsBootstrap => users.List().Count == 0;

    public IReadOnlyList<UnitUser> List(AuthenticatedUser admin)
    {
        Authorize(admin, "list");
        return users.List();
    }

    /// <summary>Makes the first admin of a unit that has no user; <paramref name="osUser"/> is who ran it, for the audit trail.</summary>
    public UnitUser Bootstrap(NewUser request, string password, string osUser)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!NeedsBootstrap)
        {
            throw new UserAdministrationException("the unit has users already: an admin signs in to add one (--as ADMIN)");
        }

        if (!request.Roles.Contains(Role.Admin))
        {
            throw new UserAdministrationException("the first user of a unit must be an admin (--role admin), or no one could manage the others");
        }

        UnitUser user = Make(request, password, osUser);
        users.Add(user);
        audit.RecordAudit("user_bootstrap", user.Login, Described(user), osUser);
        _logger.LogInformation("first admin {Login} made by the operating-system user {OsUser}", user.Login, osUser);
        return user;
    }

    /// <param name="admin">The signed-in admin.</param>
    /// <param name="request">The new user.</param>
    /// <param name="password">Their first password.</param>
    /// <param name="inputProblems">
    /// What the caller could not turn into <paramref name="request"/> (a role or date that does not parse); reported
    /// with the use case's own, after the permission check, so a user without it is refused (and audited) first.
    /// </param>
    public UnitUser Add(AuthenticatedUser admin, NewUser request, string password, IReadOnlyList<string>? inputProblems = null)
    {
        ArgumentNullException.ThrowIfNull(request);
        Authorize(admin, "add");
        if (LoginName.Problem(request.Login) is null && users.Find(request.Login) is not null)
        {
            throw new UserAdministrationException($"a user {request.Login} exists already");
        }

        UnitUser user = Make(request, password, admin.Login, inputProblems);
        users.Add(user);
        audit.RecordAudit("user_added", user.Login, Described(user), admin.Login);
        return user;
    }

    public UnitUser Disable(AuthenticatedUser admin, string login)
    {
        Authorize(admin, "disable");
        UnitUser user = Existing(login);
        UnitUser changed = user with { Disabled = true };
        KeepAnAdmin(changed, "disabling");
        return Save(admin, changed, "user_disabled", new Dictionary<string, object?> { ["was_disabled"] = user.Disabled });
    }

    /// <summary>Enables the account and lifts a lockout.</summary>
    public UnitUser Enable(AuthenticatedUser admin, string login)
    {
        Authorize(admin, "enable");
        UnitUser user = Existing(login);
        return Save(
            admin,
            user with
            {
                Disabled = false,
                FailedSignIns = 0,
                LockedUntil = null,
            },
            "user_enabled",
            new Dictionary<string, object?> { ["was_disabled"] = user.Disabled, ["unlocked"] = user.IsLockedAt(time.GetUtcNow()) }
        );
    }

    /// <summary>Sets the user's roles, all of them; <paramref name="inputProblems"/> as for <see cref="Add"/>.</summary>
    public UnitUser SetRoles(AuthenticatedUser admin, string login, IReadOnlyList<Role> roles, IReadOnlyList<string>? inputProblems = null)
    {
        Authorize(admin, "set roles");
        UnitUser user = Existing(login);
        Refuse(inputProblems);
        IReadOnlyList<Role> wanted = Roles(roles);
        UnitUser changed = user with { Roles = wanted };
        KeepAnAdmin(changed, "taking the admin role from");
        return Save(admin, changed, "user_roles_changed", new Dictionary<string, object?> { ["from"] = Names(user.Roles), ["to"] = Names(wanted) });
    }

    /// <summary>Sets a new password, and lifts a lockout.</summary>
    public UnitUser ResetPassword(AuthenticatedUser admin, string login, string password)
    {
        Authorize(admin, "reset a password");
        UnitUser user = Existing(login);
        CheckPassword(user.Login, user.DisplayName, password);
        return Save(
            admin,
            user with
            {
                PasswordHash = hasher.Hash(password),
                FailedSignIns = 0,
                LockedUntil = null,
                Source = UserSources.Local,
            },
            "user_password_reset",
            new Dictionary<string, object?> { ["unlocked"] = user.IsLockedAt(time.GetUtcNow()) }
        );
    }

    /// <summary>Records the certification as valid through <paramref name="until"/>; <paramref name="inputProblems"/> as for <see cref="Add"/>.</summary>
    public UnitUser Certify(AuthenticatedUser admin, string login, DateOnly until, IReadOnlyList<string>? inputProblems = null)
    {
        Authorize(admin, "certify");
        UnitUser user = Existing(login);
        Refuse(inputProblems);
        CheckCertification(until);
        return Save(
            admin,
            user with
            {
                CertifiedUntil = until,
            },
            "user_certified",
            new Dictionary<string, object?> { ["from"] = Day(user.CertifiedUntil), ["to"] = Day(until) }
        );
    }

    private void Authorize(AuthenticatedUser admin, string what)
    {
        ArgumentNullException.ThrowIfNull(admin);
        try
        {
            Access.Authorize(admin, Permission.ManageUsers);
        }
        catch (AccessDeniedException)
        {
            audit.RecordAudit(
                "access_denied",
                null,
                new Dictionary<string, object?> { ["permission"] = nameof(Permission.ManageUsers), ["action"] = $"users {what}" },
                admin.Login
            );
            throw;
        }
    }

    private static void Refuse(IReadOnlyList<string>? inputProblems)
    {
        if (inputProblems is { Count: > 0 })
        {
            throw new UserAdministrationException(inputProblems);
        }
    }

    private UnitUser Make(NewUser request, string password, string createdBy, IReadOnlyList<string>? inputProblems = null)
    {
        var problems = new List<string>(inputProblems ?? []);
        Note(problems, LoginName.Problem(request.Login));
        Note(problems, AgencyOri.Problem(request.AgencyOri));
        if (request.Roles.Count == 0)
        {
            problems.Add("a user needs at least one role (--role)");
        }

        if (request.DisplayName.Length > 128 || request.DisplayName.Any(char.IsControl))
        {
            problems.Add("the display name must be at most 128 characters, without control characters");
        }

        if (request.CertifiedUntil < UnitDate.Today(time))
        {
            problems.Add($"the certification date {Day(request.CertifiedUntil)} is in the past");
        }

        problems.AddRange(PasswordPolicy.Problems(request.Login, request.DisplayName, password));
        if (problems.Count > 0)
        {
            throw new UserAdministrationException(problems);
        }

        return new UnitUser(
            request.Login,
            string.IsNullOrWhiteSpace(request.DisplayName) ? request.Login : request.DisplayName.Trim(),
            Roles(request.Roles),
            AgencyOri.Normalize(request.AgencyOri),
            request.CertifiedUntil,
            Disabled: false,
            FailedSignIns: 0,
            LockedUntil: null,
            hasher.Hash(password),
            time.GetUtcNow(),
            createdBy,
            UserSources.Local
        );
    }

    private UnitUser Existing(string login) =>
        (LoginName.Problem(login) is null ? users.Find(login) : null)
        ?? throw new UserAdministrationException($"there is no user {LoginName.Printable(login ?? string.Empty)}") { UnknownUser = true };

    private void KeepAnAdmin(UnitUser changed, string doing)
    {
        bool another = users.List().Any(u => u.Login != changed.Login && u.Has(Role.Admin) && !u.Disabled);
        if (!another && !(changed.Has(Role.Admin) && !changed.Disabled))
        {
            throw new UserAdministrationException(
                $"{doing} {changed.Login} would leave the unit without an enabled admin; add or enable another admin first"
            );
        }
    }

    private UnitUser Save(AuthenticatedUser admin, UnitUser changed, string action, Dictionary<string, object?> details)
    {
        users.Update(changed);
        audit.RecordAudit(action, changed.Login, details, admin.Login);
        _logger.LogInformation("{Action} {Login} by {Admin}", action, changed.Login, admin.Login);
        return changed;
    }

    private void CheckCertification(DateOnly until)
    {
        if (until < UnitDate.Today(time))
        {
            throw new UserAdministrationException($"the certification date {Day(until)} is in the past");
        }
    }

    private static void CheckPassword(string login, string displayName, string password)
    {
        if (PasswordPolicy.Problems(login, displayName, password) is { Count: > 0 } problems)
        {
            throw new UserAdministrationException(problems);
        }
    }

    private static List<Role> Roles(IReadOnlyList<Role> roles) =>
        roles.Count == 0 ? throw new UserAdministrationException("a user needs at least one role (--role)") : roles.Distinct().Order().ToList();

    private static Dictionary<string, object?> Described(UnitUser user) =>
        new()
        {
            ["display_name"] = user.DisplayName,
            ["roles"] = Names(user.Roles),
            ["agency_ori"] = user.AgencyOri,
            ["certified_until"] = Day(user.CertifiedUntil),
            ["source"] = user.Source,
        };

    private static List<string> Names(IEnumerable<Role> roles) => roles.Select(RoleNames.Name).ToList();

    private static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static void Note(List<string> problems, string? problem)
    {
        if (problem is not null)
        {
            problems.Add(problem);
        }
    }
}
