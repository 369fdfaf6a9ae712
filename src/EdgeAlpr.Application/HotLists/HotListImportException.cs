namespace EdgeAlpr.Application.HotLists;

/// <summary>
/// A list file or update refused as a whole; the list in use is untouched. <see cref="Code"/> says why in one word of
/// <see cref="HotListRefusal"/>, the message in a sentence.
/// </summary>
public sealed class HotListImportException(string message, ImportSummary? summary = null, string code = HotListRefusal.Invalid) : Exception(message)
{
    public ImportSummary? Summary { get; } = summary;

    /// <summary>One of the <see cref="HotListRefusal"/> codes.</summary>
    public string Code { get; } = code;
}
