namespace EdgeAlpr.Application.HotLists;

/// <summary>
/// What a person said about a change of the local entries, recorded beside them (the actor) in its audit events: why
/// an entry was removed, and the person they acted for when not themselves (never instead of them).
/// </summary>
public sealed record HotListChange(string? Reason, string? OnBehalfOf);
