namespace EdgeAlpr.Core.Retention;

/// <summary>
/// The state directive's retention: routine reads for <see cref="RoutineRetention"/> (90 days),
/// serious records for <see cref="SeriousRetention"/> (7 years). Nothing is purged before the
/// platform has acknowledged it, however old.
/// </summary>
public sealed record RetentionPolicy(TimeSpan RoutineRetention, TimeSpan SeriousRetention)
{
    public static RetentionPolicy Default { get; } = new(TimeSpan.FromDays(90), TimeSpan.FromDays(7 * 365 + 2));

    public static RetentionClass ClassOf(bool hasHits, bool evidence) => hasHits || evidence ? RetentionClass.Serious : RetentionClass.Routine;

    public TimeSpan For(RetentionClass retentionClass) => retentionClass == RetentionClass.Serious ? SeriousRetention : RoutineRetention;

    /// <summary>Records of this class made before this moment are past retention.</summary>
    public DateTimeOffset Cutoff(RetentionClass retentionClass, DateTimeOffset now) => now - For(retentionClass);

    public bool IsPastRetention(RetentionClass retentionClass, DateTimeOffset madeAt, DateTimeOffset now) => madeAt < Cutoff(retentionClass, now);

    /// <summary>Whether a record may be purged now: past its retention and acknowledged by the platform.</summary>
    public bool IsDue(RetentionClass retentionClass, DateTimeOffset madeAt, bool forwarded, DateTimeOffset now) =>
        forwarded && IsPastRetention(retentionClass, madeAt, now);

    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        if (RoutineRetention <= TimeSpan.Zero)
        {
            problems.Add("routine (read) retention must be positive");
        }

        if (SeriousRetention < RoutineRetention)
        {
            problems.Add("serious retention (hits, dispositions, audit) must not be shorter than routine retention");
        }

        return problems;
    }
}
