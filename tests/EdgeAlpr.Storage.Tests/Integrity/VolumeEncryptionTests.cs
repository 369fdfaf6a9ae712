using EdgeAlpr.FileSystem;

namespace EdgeAlpr.Storage.Tests.Integrity;

/// <summary>The LUKS check against the kernel's own layout, laid out in a folder: LVM on LUKS, plain ext4, tmpfs.</summary>
public sealed class VolumeEncryptionTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("edge-alpr-volume-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public void A_folder_on_lvm_over_luks_is_found_encrypted_through_the_device_mapper_layers()
    {
        string mountInfo = MountInfo(
            "29 1 254:1 / /var/lib/edge-alpr rw,relatime - ext4 /dev/mapper/vg-data rw",
            "22 1 8:2 / / rw - ext4 /dev/sda2 rw"
        );
        Device("254:1", uuid: "LVM-abc", slaves: ["dm-0"]);
        Device("254:0", uuid: "CRYPT-LUKS2-0123456789abcdef-cryptdata", slaves: ["sda3"]);

        string described = VolumeEncryption.Describe("/var/lib/edge-alpr/store", mountInfo, Path.Combine(_root, "dev", "block"));

        Assert.Equal("dm-crypt (LUKS2) under /var/lib/edge-alpr", described);
        Assert.True(VolumeEncryption.IsEncrypted(described));
    }

    [Fact]
    public void A_plain_partition_or_a_tmpfs_is_said_to_be_unencrypted()
    {
        string mountInfo = MountInfo("22 1 8:2 / / rw - ext4 /dev/sda2 rw", "40 22 0:45 / /run rw - tmpfs tmpfs rw");
        Device("8:2", uuid: null, slaves: []);

        Assert.StartsWith(
            "not encrypted (ext4 on /dev/sda2 at /)",
            VolumeEncryption.Describe("/var/lib/x", mountInfo, Path.Combine(_root, "dev", "block")),
            StringComparison.Ordinal
        );
        Assert.StartsWith(
            "not a block device (tmpfs at /run)",
            VolumeEncryption.Describe("/run/edge", mountInfo, Path.Combine(_root, "dev", "block")),
            StringComparison.Ordinal
        );
    }

    private string MountInfo(params string[] lines)
    {
        string path = Path.Combine(_root, "mountinfo");
        File.WriteAllLines(path, lines);
        return path;
    }

    private void Device(string majorMinor, string? uuid, string[] slaves)
    {
        string block = Path.Combine(_root, "dev", "block", majorMinor);
        Directory.CreateDirectory(Path.Combine(block, "slaves"));
        if (uuid is not null)
        {
            Directory.CreateDirectory(Path.Combine(block, "dm"));
            File.WriteAllText(Path.Combine(block, "dm", "uuid"), uuid + "\n");
        }

        foreach (string slave in slaves)
        {
            // In sysfs each slave is a link to the device's folder, which holds its "dev" number.
            string target = Path.Combine(block, "slaves", slave);
            Directory.CreateDirectory(target);
            File.WriteAllText(Path.Combine(target, "dev"), slave == "dm-0" ? "254:0\n" : "8:3\n");
        }
    }
}
