namespace EdgeAlpr.Contracts.Tests;

/// <summary>Files of the checkout the tests read: the documentation the contract is checked against.</summary>
internal static class RepositoryFiles
{
    public static string Root { get; } = FindRoot();

    public static string Read(string relativePath) => File.ReadAllText(Path.Combine(Root, relativePath));

    private static string FindRoot()
    {
        for (DirectoryInfo? dir = new(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "EdgeAlpr.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException(
            "the tests must run inside the EdgeAlpr checkout (no EdgeAlpr.sln above " + AppContext.BaseDirectory + ")"
        );
    }
}
