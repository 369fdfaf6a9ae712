namespace EdgeAlpr.Core.Retention;

/// <summary>
/// A routine read the store could give up under disk pressure: what dropping its images, or the
/// whole read, would free. Serious records are never candidates, and a read the platform does not
/// have (<see cref="Forwarded"/> false) is never dropped, nor are its images.
/// </summary>
public sealed record QuotaCandidate(Guid ReadId, DateTimeOffset CapturedAt, bool Forwarded, long ImageBytes, long RecordBytes);
