namespace EdgeAlpr.WebConsole.Wire;

/// <summary>
/// <c>POST /api/users</c>'s body. Roles and the date are text so a bad one is named in the answer rather than failing
/// the whole body; the admin who adds is the session's user, never a field. The password is only ever read.
/// </summary>
public sealed record NewUserWire(
    string? User,
    string? DisplayName,
    IReadOnlyList<string?>? Roles,
    string? Agency,
    string? CertifiedUntil,
    string? Password
);

/// <summary><c>PUT /api/users/{login}/roles</c>'s body: every role the user is to hold.</summary>
public sealed record RolesWire(IReadOnlyList<string?>? Roles);

/// <summary><c>POST /api/users/{login}/password</c>'s body.</summary>
public sealed record PasswordWire(string? Password);

/// <summary><c>POST /api/users/{login}/certify</c>'s body: the last day the certification holds (YYYY-MM-DD).</summary>
public sealed record CertifyWire(string? Until);
