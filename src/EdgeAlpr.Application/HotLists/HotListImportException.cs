namespace EdgeAlpr.Application.HotLists;

/// <summary>A list file or update refused as a whole; the list in use is untouched.</summary>
public sealed class HotListImportException(string message, ImportSummary? summary = null) : Exception(message)
{
    public ImportSummary? Summary { get; } = summary;
}
