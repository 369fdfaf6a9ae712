using System.Globalization;
using EdgeAlpr.FileSystem;

namespace EdgeAlpr.Storage;

/// <summary>
/// <c>quarantine/</c> in the store's folder: where damaged files are moved, never deleted, so an
/// examiner can look at them later. One folder per event, named by its time and cause.
/// </summary>
internal static class Quarantine
{
    public const string Folder = "quarantine";

    public static string NewFolder(string directory, string cause, TimeProvider time)
    {
        string root = Path.Combine(directory, Folder);
        FolderPermissions.CreateOwnerOnly(root);
        string stamp = time.GetUtcNow().ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);
        string folder = Path.Combine(root, $"{stamp}-{cause}");
        for (int n = 2; Directory.Exists(folder); n++)
        {
            folder = Path.Combine(root, $"{stamp}-{cause}-{n}");
        }

        FolderPermissions.CreateOwnerOnly(folder);
        FileSync.Directory(root);
        return folder;
    }
}
