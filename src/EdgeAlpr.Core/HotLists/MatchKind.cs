namespace EdgeAlpr.Core.HotLists;

/// <summary>How a read matched an entry, strongest first.</summary>
public enum MatchKind
{
    /// <summary>Same plate, same state.</summary>
    Exact,

    /// <summary>Same plate; the read's state or the entry's is not known.</summary>
    ExactStateUnknown,

    /// <summary>Same plate, different state: possibly another vehicle.</summary>
    ExactOtherState,

    /// <summary>Same plate up to characters an OCR confuses (0/O, 8/B, …).</summary>
    OcrEquivalent,

    /// <summary>A wildcard entry (a partial plate) whose known characters all match.</summary>
    Wildcard,

    /// <summary>The read lacks one character of the entry's plate.</summary>
    MissingCharacter,

    /// <summary>The read has one character more than the entry's plate.</summary>
    ExtraCharacter,
}
