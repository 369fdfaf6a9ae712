namespace EdgeAlpr.Core.HotLists;

/// <summary>A deployment's overrides for one category; null keeps the built-in default.</summary>
public sealed class CategorySettings
{
    /// <summary>
    /// The category's priority (0–1000; built in: 20 to 100): the highest-priority listing of a plate wins, and the
    /// alert level follows from it.
    /// </summary>
    public int? Priority { get; set; }

    /// <summary>Whether a hit on the category alerts in the cab (felony, stolen, AMBER and SILVER alerts cannot be turned off).</summary>
    public bool? Alert { get; set; }
}
