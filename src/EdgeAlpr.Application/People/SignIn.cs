using System.Globalization;
using EdgeAlpr.Application.Ports;
using EdgeAlpr.Core.People;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace EdgeAlpr.Application.People;

/// <summary>
/// Signs a person in: the credentials checked by the provider of the user's source, then the account's
/// state (locked, disabled, certification). Every outcome is audited (<c>sign_in</c>, <c>sign_in_failed</c>
/// with the reason's code, <c>user_locked</c>); the password is never recorded or logged.
/// </summary>
public sealed class SignIn
{
    private readonly IUserStore _users;
    private readonly Dictionary<string, IIdentityProvider> _providers;
    private readonly IAuditLog _audit;
    private readonly TimeProvider _time;
    private readonly SignInOptions _options;
    private readonly ILogger _logger;

    public SignIn(
        IUserStore users,
        IEnumerable<IIdentityProvider> providers,
        IAuditLog audit,
        TimeProvider time,
        SignInOptions? options = null,
        ILogger<SignIn>? logger = null
    )
    {
        ArgumentNullException.ThrowIfNull(providers);
        _options = options ?? new SignInOptions();
        if (_options.Problems() is { Count: > 0 } problems)
        {
            throw new ArgumentException(string.Join("; ", problems), nameof(options));
        }

        _users = users;
        _providers = providers.ToDictionary(p => p.Source, StringComparer.Ordinal);
        _audit = audit;
        _time = time;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
    }

    /// <summary>
    /// The authenticated user, or a <see cref="SignInRefusedException"/> saying why not. <paramref name="origin"/>
    /// says where the attempt came from (<c>cli as root</c>), for the audit trail.
    /// </summary>
    public AuthenticatedUser Run(string login, string password, string origin)
    {
        ArgumentNullException.ThrowIfNull(login);
        ArgumentNullException.ThrowIfNull(password);
        DateTimeOffset now = _time.GetUtcNow();
        UnitUser? user = LoginName.Problem(login) is null ? _users.Find(login) : null;
        if (user is null || !_providers.TryGetValue(user.Source, out IIdentityProvider? provider))
        {
            _providers.GetValueOrDefault(UserSources.Local)?.CheckNobody(password);
            throw Refuse(LoginName.Printable(login), SignInRefusal.BadCredentials, BadCredentials, origin, null);
        }

        if (user.LockedUntil is { } lockedUntil && now < lockedUntil)
        {
            // Not even checked: a locked account answers the same whatever the password.
            throw Refuse(
                user.Login,
                SignInRefusal.Locked,
                $"the account {user.Login} is locked until {Stamp(lockedUntil)} after {_options.MaxFailures} failed sign-ins; wait, or ask an admin",
                origin,
                null
            );
        }

        CredentialCheck check = Check(provider, user, password);
        if (check == CredentialCheck.Wrong)
        {
            throw Failed(user, now, origin);
        }

        if (user.Disabled)
        {
            throw Refuse(
                user.Login,
                SignInRefusal.Disabled,
                $"the account {user.Login} is disabled; an admin enables it with 'edge-alpr users enable'",
                origin,
                null
            );
        }

        DateOnly today = UnitDate.Today(_time);
        if (!user.CertifiedOn(today))
        {
            throw Refuse(
                user.Login,
                SignInRefusal.CertificationExpired,
                $"the certification of {user.Login} expired on {user.CertifiedUntil.AddDays(1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)} (valid through {user.CertifiedUntil.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}); an admin renews it with 'edge-alpr users certify'",
                origin,
                null
            );
        }

        UnitUser signedIn = user with { FailedSignIns = 0, LockedUntil = null };
        if (check == CredentialCheck.RightNeedsRehash && provider.FreshHash(password) is { } fresh)
        {
            // Parameters raised since this hash was made: remade now, while the password is at hand.
            signedIn = signedIn with { PasswordHash = fresh };
        }

        if (signedIn != user)
        {
            _users.Update(signedIn);
        }

        _audit.RecordAudit(
            "sign_in",
            signedIn.Login,
            new Dictionary<string, object?>
            {
                ["origin"] = origin,
                ["roles"] = signedIn.Roles.Select(RoleNames.Name).ToList(),
                ["source"] = signedIn.Source,
            },
            signedIn.Login
        );
        _logger.LogDebug("{Login} signed in ({Origin})", signedIn.Login, origin);
        return AuthenticatedUser.Of(signedIn);
    }

    private const string BadCredentials = "unknown user or wrong password";

    private CredentialCheck Check(IIdentityProvider provider, UnitUser user, string password)
    {
        try
        {
            return provider.Check(user, password);
        }
        catch (FormatException)
        {
            // A stored hash this unit cannot read: refused as a wrong password (the caller learns nothing
            // more), and said once in the log for the admin, without the hash.
            _logger.LogError("the stored password hash of {Login} is not readable; an admin resets it with 'edge-alpr users passwd'", user.Login);
            return CredentialCheck.Wrong;
        }
    }

    private SignInRefusedException Failed(UnitUser user, DateTimeOffset now, string origin)
    {
        // A lock that has run out starts the count again.
        int before = user.LockedUntil is { } expired && now >= expired ? 0 : user.FailedSignIns;
        int failures = before + 1;
        bool locks = failures >= _options.MaxFailures;
        DateTimeOffset? until = locks ? now + _options.LockoutDuration : null;
        _users.Update(user with { FailedSignIns = failures, LockedUntil = until });
        SignInRefusedException refused = Refuse(user.Login, SignInRefusal.BadCredentials, BadCredentials, origin, failures);
        if (locks)
        {
            _audit.RecordAudit(
                "user_locked",
                user.Login,
                new Dictionary<string, object?>
                {
                    ["failed_sign_ins"] = failures,
                    ["locked_until"] = until,
                    ["origin"] = origin,
                },
                "agent"
            );
            _logger.LogWarning("{Login} locked until {Until} after {Failures} failed sign-ins", user.Login, until, failures);
            return new SignInRefusedException(
                SignInRefusal.Locked,
                $"{BadCredentials}; the account {user.Login} is now locked until {Stamp(until!.Value)} after {failures} failed sign-ins"
            );
        }

        return refused;
    }

    private SignInRefusedException Refuse(string subject, SignInRefusal reason, string message, string origin, int? failures)
    {
        var details = new Dictionary<string, object?> { ["reason"] = SignInRefusedException.CodeOf(reason), ["origin"] = origin };
        if (failures is { } count)
        {
            details["failed_sign_ins"] = count;
        }

        // The actor is no one: nobody was authenticated; the subject is the name that was tried.
        _audit.RecordAudit("sign_in_failed", subject, details, "unauthenticated");
        _logger.LogWarning("sign-in as {Login} refused: {Reason} ({Origin})", subject, SignInRefusedException.CodeOf(reason), origin);
        return new SignInRefusedException(reason, message);
    }

    private static string Stamp(DateTimeOffset at) => at.ToUniversalTime().ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture);
}
