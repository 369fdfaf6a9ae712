using EdgeAlpr.Application.Evidence;

namespace EdgeAlpr.Storage;

/// <summary>
/// Checks every page of the store's sealed files, one line per page that fails, so that the
/// verifier reports all the damage rather than the first page LiteDB trips on.
/// </summary>
internal static class PageCheck
{
    /// <summary>Every page of <paramref name="file"/> that does not authenticate, with its number.</summary>
    public static List<string> Pages(SealedPageStream file, CancellationToken cancellationToken = default)
    {
        var problems = new List<string>();
        byte[] page = new byte[SealedPageStream.PageSize];
        string name = Path.GetFileName(file.Path);
        for (long i = 0; i < file.PageCount; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (!file.TryReadPage(i, page, out string? problem))
            {
                problems.Add($"{name} page {i}: {problem}");
            }
        }

        return problems;
    }

    /// <summary>
    /// Checks the files of a store that does not open (without LiteDB): each file's header and pages,
    /// and the manifest. For <c>store verify</c> on a damaged store.
    /// </summary>
    public static List<string> Files(string directory, StoreKeys keys, CancellationToken cancellationToken = default)
    {
        var problems = new List<string>();
        foreach (
            (string file, SealedFileKind kind) in new[]
            {
                (StoreCollections.DataFile, SealedFileKind.Data),
                (StoreCollections.LogFile, SealedFileKind.Log),
            }
        )
        {
            string path = Path.Combine(directory, file);
            if (!File.Exists(path))
            {
                problems.Add($"{file}: missing");
                continue;
            }

            try
            {
                using SealedPageStream pages = SealedPageStream.Open(path, FileMode.Open, kind, keys);
                problems.AddRange(Pages(pages, cancellationToken));
            }
            catch (StoreException ex)
            {
                problems.Add(ex.Message);
            }
        }

        if (!StoreManifest.Exists(directory))
        {
            problems.Add($"{StoreManifest.FileName}: missing");
        }
        else
        {
            // One torn slot beside a whole one is a write a power cut interrupted, healed by the next commit.
            using StoreManifest manifest = StoreManifest.Open(directory, keys);
            if (manifest.Current is null)
            {
                problems.AddRange(manifest.Problems.Select(p => $"{StoreManifest.FileName}: {p}"));
            }
        }

        return problems;
    }
}
