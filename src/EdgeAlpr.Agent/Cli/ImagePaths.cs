using EdgeAlpr.Core.Imaging;

namespace EdgeAlpr.Agent.Cli;

/// <summary>Expands command-line paths (files or folders) into the image files to process.</summary>
internal static class ImagePaths
{
    /// <summary>
    /// Files named on the command line are taken whatever their extension (a bad one gets its
    /// own error); folders contribute their image files, recursively, in name order. A path
    /// that does not exist is yielded with <c>Missing</c> set so it is reported, not dropped.
    /// </summary>
    public static IEnumerable<(string Path, bool Missing)> Expand(IEnumerable<string> paths)
    {
        foreach (string path in paths)
        {
            if (File.Exists(path))
            {
                yield return (path, false);
            }
            else if (Directory.Exists(path))
            {
                IEnumerable<string> files = Directory
                    .EnumerateFiles(path, "*", new EnumerationOptions { RecurseSubdirectories = true, IgnoreInaccessible = true })
                    .Where(ImageFiles.HasImageExtension)
                    .Order(StringComparer.Ordinal);
                foreach (string file in files)
                {
                    yield return (file, false);
                }
            }
            else
            {
                yield return (path, true);
            }
        }
    }
}
