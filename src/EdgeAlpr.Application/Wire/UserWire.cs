using System.Globalization;
using EdgeAlpr.Contracts.People;
using EdgeAlpr.Core.People;

namespace EdgeAlpr.Application.Wire;

/// <summary>A user account as it is printed: the record less its password hash.</summary>
public static class UserWire
{
    public static UserRecord Record(UnitUser user, DateTimeOffset now, TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(user);
        DateOnly today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(now, zone).DateTime);
        return new UserRecord(
            user.Login,
            user.DisplayName,
            user.Roles.Select(RoleNames.Name).ToList(),
            user.AgencyOri,
            user.CertifiedUntil.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            !user.CertifiedOn(today),
            user.Disabled,
            user.FailedSignIns,
            user.IsLockedAt(now) ? user.LockedUntil : null,
            user.Source,
            user.CreatedAt,
            user.CreatedBy
        );
    }
}
