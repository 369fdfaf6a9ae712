using System.Globalization;

namespace EdgeAlpr.FileSystem;

/// <summary>
/// Whether a folder lies on a block device encrypted by dm-crypt (LUKS), read from the kernel:
/// the folder's mount in <c>/proc/self/mountinfo</c>, then its device in <c>/sys/dev/block</c>,
/// following device-mapper layers (LVM on LUKS) down to a <c>CRYPT-</c> target. The store seals
/// its own files; a LUKS volume adds what that cannot: free space, file sizes and names, the
/// settings and the operating system's own files.
/// </summary>
public static class VolumeEncryption
{
    /// <summary>What the folder's storage is, for the start-up log and the audit trail.</summary>
    public static string Describe(string folder, string mountInfo = "/proc/self/mountinfo", string sysBlock = "/sys/dev/block")
    {
        ArgumentNullException.ThrowIfNull(folder);
        try
        {
            if (Mount(Path.GetFullPath(folder), mountInfo) is not { } mount)
            {
                return "unknown (no mount found)";
            }

            if (mount.Major == 0)
            {
                return $"not a block device ({mount.FileSystem} at {mount.Point}): encryption at rest is the store's own only";
            }

            return Crypt($"{mount.Major}:{mount.Minor}", sysBlock, depth: 0) is { } crypt
                ? $"dm-crypt ({crypt}) under {mount.Point}"
                : $"not encrypted ({mount.FileSystem} on {mount.Source} at {mount.Point}): encryption at rest is the store's own only";
        }
        catch (IOException ex)
        {
            return $"unknown ({ex.Message})";
        }
        catch (UnauthorizedAccessException ex)
        {
            return $"unknown ({ex.Message})";
        }
    }

    /// <summary>True when <see cref="Describe"/> found dm-crypt.</summary>
    public static bool IsEncrypted(string description) => description.StartsWith("dm-crypt", StringComparison.Ordinal);

    private static string? Crypt(string device, string sysBlock, int depth)
    {
        string root = Path.Combine(sysBlock, device);
        string uuid = Path.Combine(root, "dm", "uuid");
        if (File.Exists(uuid) && File.ReadAllText(uuid).Trim() is { } id && id.StartsWith("CRYPT-", StringComparison.Ordinal))
        {
            // CRYPT-LUKS2-<uuid>-<name>: the type is what the log needs.
            string[] parts = id.Split('-');
            return parts.Length > 1 ? parts[1] : "crypt";
        }

        string slaves = Path.Combine(root, "slaves");
        if (depth > 8 || !Directory.Exists(slaves))
        {
            return null;
        }

        foreach (string slave in Directory.EnumerateFileSystemEntries(slaves))
        {
            string dev = Path.Combine(slave, "dev");
            if (File.Exists(dev) && Crypt(File.ReadAllText(dev).Trim(), sysBlock, depth + 1) is { } found)
            {
                return found;
            }
        }

        return null;
    }

    private static MountEntry? Mount(string folder, string mountInfo)
    {
        MountEntry? best = null;
        foreach (string line in File.ReadLines(mountInfo))
        {
            // id parent major:minor root mount-point options … - fstype source super-options
            string[] fields = line.Split(' ');
            int dash = Array.IndexOf(fields, "-");
            if (fields.Length < 5 || dash < 0 || dash + 2 >= fields.Length)
            {
                continue;
            }

            string point = fields[4].Replace("\\040", " ", StringComparison.Ordinal);
            bool contains = folder == point || point == "/" || folder.StartsWith(point + "/", StringComparison.Ordinal);
            if (!contains || (best is not null && best.Point.Length > point.Length))
            {
                continue;
            }

            string[] numbers = fields[2].Split(':');
            best = new MountEntry(
                point,
                int.Parse(numbers[0], CultureInfo.InvariantCulture),
                int.Parse(numbers[1], CultureInfo.InvariantCulture),
                fields[dash + 1],
                fields[dash + 2]
            );
        }

        return best;
    }

    private sealed record MountEntry(string Point, int Major, int Minor, string FileSystem, string Source);
}
