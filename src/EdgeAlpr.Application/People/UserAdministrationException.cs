namespace EdgeAlpr.Application.People;

/// <summary>A change to the unit's users that was refused (bad input, a rule); <see cref="Problems"/> say why, one line each.</summary>
public sealed class UserAdministrationException(IReadOnlyList<string> problems) : Exception("refused: " + string.Join("; ", problems))
{
    public UserAdministrationException(string problem)
        : this([problem]) { }

    public IReadOnlyList<string> Problems { get; } = problems;

    /// <summary>The change named a user the unit does not have (the console answers 404 rather than 400).</summary>
    public bool UnknownUser { get; init; }
}
