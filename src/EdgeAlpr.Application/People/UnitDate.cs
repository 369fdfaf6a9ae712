namespace EdgeAlpr.Application.People;

/// <summary>Today's date where the unit is (its local time zone), which certification dates are read against.</summary>
internal static class UnitDate
{
    public static DateOnly Today(TimeProvider time) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(time.GetUtcNow(), time.LocalTimeZone).DateTime);
}
