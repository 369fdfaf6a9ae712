namespace EdgeAlpr.WebConsole.Sessions;

/// <summary>A session just opened: the two tokens, handed to the browser once and never kept in the clear.</summary>
public sealed record OpenedSession(string Token, string CsrfToken, ConsoleSession Session, DateTimeOffset ExpiresAt);
