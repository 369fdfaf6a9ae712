namespace EdgeAlpr.Core.Policy;

/// <summary>Where a release request stands: pending until a supervisor decides it, once.</summary>
public enum ReleaseRequestState
{
    Pending,
    Approved,
    Refused,
}

/// <summary>A state's name in the store, the audit trail and the CLI: <c>pending</c>, <c>approved</c>, <c>refused</c>.</summary>
public static class ReleaseRequestStates
{
    public static string Name(ReleaseRequestState state) =>
        state switch
        {
            ReleaseRequestState.Pending => "pending",
            ReleaseRequestState.Approved => "approved",
            ReleaseRequestState.Refused => "refused",
            _ => throw new ArgumentOutOfRangeException(nameof(state), state, "not a release request state"),
        };

    public static ReleaseRequestState Parse(string name) =>
        name switch
        {
            "pending" => ReleaseRequestState.Pending,
            "approved" => ReleaseRequestState.Approved,
            "refused" => ReleaseRequestState.Refused,
            _ => throw new FormatException($"'{name}' is not a release request state"),
        };
}
