namespace EdgeAlpr.Capture;

/// <summary>A source could not be opened or read; the message names it and says why.</summary>
public sealed class CaptureException(string message, Exception? inner = null) : Exception(message, inner);
