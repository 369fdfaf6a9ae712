namespace EdgeAlpr.Core.HotLists;

/// <summary>The officer's answer to a potential hit, after checking it with LEADS/NCIC.</summary>
public enum HitDecision
{
    /// <summary>Confirmed by the source: the vehicle is wanted as listed.</summary>
    Accepted,

    /// <summary>Not confirmed: misread, wrong state, entry cleared, or otherwise not the listed vehicle.</summary>
    Rejected,
}
