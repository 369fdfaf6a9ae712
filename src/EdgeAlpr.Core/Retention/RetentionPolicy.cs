namespace EdgeAlpr.Core.Retention;

/// <summary>
/// The state directive's retention: routine reads for <see cref="RoutineRetention"/> (90 days from
/// capture, forwarded or not), serious records for <see cref="SeriousRetention"/> (7 years, and only
/// once the platform has acknowledged them).
/// </summary>
public sealed record RetentionPolicy(TimeSpan RoutineRetention, TimeSpan SeriousRetention)
{
    /// <summary>The directive's term for routine reads; a longer one needs a law or policy that allows it.</summary>
    public static TimeSpan DirectiveRoutineRetention { get; } = TimeSpan.FromDays(90);

    public static RetentionPolicy Default { get; } = new(DirectiveRoutineRetention, TimeSpan.FromDays(7 * 365 + 2));

    /// <summary>True when routine reads are kept longer than the directive allows by itself.</summary>
    public bool ExceedsDirective => RoutineRetention > DirectiveRoutineRetention;

    public static RetentionClass ClassOf(bool hasHits, bool evidence) => hasHits || evidence ? RetentionClass.Serious : RetentionClass.Routine;

    public TimeSpan For(RetentionClass retentionClass) => retentionClass == RetentionClass.Serious ? SeriousRetention : RoutineRetention;

    /// <summary>Records of this class made before this moment are past retention.</summary>
    public DateTimeOffset Cutoff(RetentionClass retentionClass, DateTimeOffset now) => now - For(retentionClass);

    public bool IsPastRetention(RetentionClass retentionClass, DateTimeOffset madeAt, DateTimeOffset now) => madeAt < Cutoff(retentionClass, now);

    /// <summary>
    /// Whether a record may be purged now: a routine read as soon as it is past its retention,
    /// whether or not the platform has it (the directive counts from capture); a serious record
    /// once past its retention and acknowledged by the platform.
    /// </summary>
    public bool IsDue(RetentionClass retentionClass, DateTimeOffset madeAt, bool forwarded, DateTimeOffset now) =>
        IsPastRetention(retentionClass, madeAt, now) && (forwarded || retentionClass == RetentionClass.Routine);
}
