namespace EdgeAlpr.Contracts;

/// <summary>The version of the wire contract (docs/mqtt-contract.md) every payload carries as <c>schema</c>.</summary>
public static class UplinkSchema
{
    /// <summary>Raised only for a change an old platform could misread; new fields do not raise it.</summary>
    public const int Version = 1;
}
