namespace EdgeAlpr.WebConsole;

/// <summary>The folder the console keeps its generated certificate in: the host's choice (beside the store).</summary>
public sealed record ConsoleStateDirectory(string Path);
