namespace EdgeAlpr.WebConsole.Http;

/// <summary>Every error the API answers: what went wrong in words, the problems one per line when there are several, and a code where a client acts on it.</summary>
public sealed record ApiError(string Error)
{
    public IReadOnlyList<string>? Problems { get; init; }

    /// <summary>A machine-readable reason (<c>locked</c>, <c>disabled</c>, <c>csrf</c>); absent when the status says it all.</summary>
    public string? Reason { get; init; }
}
