namespace EdgeAlpr.Core.Retention;

/// <summary>
/// How long a record is kept, after evidence practice: hits, their dispositions, audit events
/// and anything flagged as evidence are serious; a plain read is routine.
/// </summary>
public enum RetentionClass
{
    Routine,
    Serious,
}
