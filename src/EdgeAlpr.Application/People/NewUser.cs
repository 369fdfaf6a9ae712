using EdgeAlpr.Core.People;

namespace EdgeAlpr.Application.People;

/// <summary>An account an admin asks for; checked by <see cref="AdministerUsers.Add"/>.</summary>
public sealed record NewUser(string Login, string DisplayName, IReadOnlyList<Role> Roles, string AgencyOri, DateOnly CertifiedUntil);
