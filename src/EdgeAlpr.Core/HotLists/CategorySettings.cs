namespace EdgeAlpr.Core.HotLists;

/// <summary>A deployment's overrides for one category; null keeps the built-in default.</summary>
public sealed class CategorySettings
{
    public int? Priority { get; set; }

    public bool? Alert { get; set; }
}
