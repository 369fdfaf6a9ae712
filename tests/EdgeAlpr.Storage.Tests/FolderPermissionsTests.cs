using EdgeAlpr.FileSystem;

namespace EdgeAlpr.Storage.Tests;

/// <summary>
/// The rules for the folders and trusted files the agent checks at start, as a table of modes and
/// owners (the agent running as uid 998, edge-alpr), and the calls that read a real folder's mode
/// and owner.
/// </summary>
public sealed class FolderPermissionsTests : IDisposable
{
    private const uint Agent = 998;
    private static readonly RunningUser Service = new(Agent, "edge-alpr");
    private readonly string _folder = Directory.CreateTempSubdirectory("edge-alpr-permissions-test-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Theory]
    [InlineData(FolderUse.Evidence, "700", Agent, null)]
    [InlineData(FolderUse.Evidence, "750", Agent, null)]
    [InlineData(FolderUse.Evidence, "2750", Agent, null)]
    [InlineData(FolderUse.Evidence, "700", 0u, null)]
    [InlineData(FolderUse.Evidence, "755", Agent, "/d is open to others (mode 755) and holds the evidence; run 'chmod 700 /d'")]
    [InlineData(FolderUse.Evidence, "701", Agent, "open to others (mode 701)")]
    [InlineData(FolderUse.Evidence, "770", Agent, "open to others (mode 770)")]
    [InlineData(
        FolderUse.Evidence,
        "700",
        1000u,
        "/d belongs to uid 1000, neither root nor edge-alpr that the agent runs as, and that user could change it; run 'chown edge-alpr /d'"
    )]
    [InlineData(FolderUse.State, "755", Agent, null)]
    [InlineData(FolderUse.State, "750", 0u, null)]
    [InlineData(FolderUse.State, "775", Agent, "/d is writable by group or others (mode 775); run 'chmod go-w /d'")]
    [InlineData(FolderUse.State, "757", Agent, "writable by group or others (mode 757)")]
    [InlineData(FolderUse.State, "1777", Agent, "writable by group or others (mode 1777)")]
    [InlineData(FolderUse.State, "700", 1000u, "run 'chown edge-alpr /d'")]
    [InlineData(FolderUse.Settings, "750", 0u, null)]
    [InlineData(FolderUse.Settings, "755", Agent, null)]
    [InlineData(FolderUse.Settings, "1777", 0u, null)]
    [InlineData(FolderUse.Settings, "777", 0u, "writable by group or others (mode 777)")]
    [InlineData(FolderUse.Settings, "770", 0u, "writable by group or others (mode 770)")]
    [InlineData(
        FolderUse.Settings,
        "755",
        1000u,
        "belongs to uid 1000, neither root nor edge-alpr that the agent runs as, and that user could change it; run 'chown root /d'"
    )]
    public void A_folder_is_judged_by_what_it_holds(FolderUse use, string octal, uint owner, string? expected)
    {
        string? problem = FolderPermissions.Problem("/d", "the folder", use, Mode(octal), owner, Service);
        if (expected is null)
        {
            Assert.Null(problem);
        }
        else
        {
            Assert.NotNull(problem);
            Assert.StartsWith("the folder /d ", problem, StringComparison.Ordinal);
            Assert.Contains(expected, problem, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("644", 0u, null)]
    [InlineData("640", Agent, null)]
    [InlineData("444", Agent, null)]
    [InlineData("600", 0u, null)]
    [InlineData("664", 0u, "/f is writable by group or others (mode 664), so anyone could replace it; run 'chmod go-w /f'")]
    [InlineData("646", Agent, "writable by group or others (mode 646)")]
    [InlineData(
        "644",
        1000u,
        "/f belongs to uid 1000, neither root nor edge-alpr that the agent runs as, and that user could change it; run 'chown root /f'"
    )]
    public void A_trusted_file_may_be_read_by_all_and_changed_by_its_owner_only(string octal, uint owner, string? expected)
    {
        string? problem = TrustedFile.Problem("/f", "CA file", Mode(octal), owner, Service);
        if (expected is null)
        {
            Assert.Null(problem);
        }
        else
        {
            Assert.NotNull(problem);
            Assert.StartsWith("CA file /f ", problem, StringComparison.Ordinal);
            Assert.Contains(expected, problem, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void An_owner_that_cannot_be_told_leaves_the_mode_to_decide()
    {
        Assert.Null(FolderPermissions.Problem("/d", "the folder", FolderUse.Evidence, Mode("700"), null, Service));
        Assert.NotNull(FolderPermissions.Problem("/d", "the folder", FolderUse.State, Mode("777"), null, Service));
        Assert.NotNull(TrustedFile.Problem("/f", "CA file", Mode("666"), null, Service));
    }

    [Fact]
    public void A_real_folder_is_read_for_its_mode_and_owner_and_a_missing_one_is_fine()
    {
        Assert.Null(FolderPermissions.Problem(Path.Combine(_folder, "not-yet"), "Store:Directory", FolderUse.Evidence));

        string store = Path.Combine(_folder, "store");
        Directory.CreateDirectory(store);
        File.SetUnixFileMode(store, Mode("755"));
        Assert.Equal(
            $"Store:Directory {store} is open to others (mode 755) and holds the evidence; run 'chmod 700 {store}' (750 lets the service's group read it)",
            FolderPermissions.Problem(store, "Store:Directory", FolderUse.Evidence)
        );
        File.SetUnixFileMode(store, Mode("700"));
        Assert.Null(FolderPermissions.Problem(store, "Store:Directory", FolderUse.Evidence));
    }

    [Fact]
    public void The_owner_is_read_from_the_file_system()
    {
        string file = Path.Combine(_folder, "owned");
        File.WriteAllText(file, "x");
        Assert.Equal(EffectiveUid(), RunningUser.Current.Id);
        Assert.Equal(RunningUser.Current.Id, FileOwner.Of(file));
        Assert.Equal(0u, FileOwner.Of("/"));
        Assert.Null(FileOwner.Of(Path.Combine(_folder, "missing")));
        if (RunningUser.Current.Id == RunningUser.Root)
        {
            // As root (the test machine), a file given to another user: proves the uid is read from its place in struct statx.
            ProcessRunner.Run("chown", "12345:23456", file);
            Assert.Equal(12345u, FileOwner.Of(file));
            Assert.Contains("belongs to uid 12345", TrustedFile.Problem(file, "the settings file"), StringComparison.Ordinal);
        }
    }

    [Fact]
    public void New_folders_are_made_owner_only_and_an_existing_one_is_left_alone()
    {
        string nested = Path.Combine(_folder, "a", "b");
        FolderPermissions.CreateOwnerOnly(nested);
        Assert.Equal(Mode("700"), File.GetUnixFileMode(nested));

        File.SetUnixFileMode(nested, Mode("750"));
        FolderPermissions.CreateOwnerOnly(nested);
        Assert.Equal(Mode("750"), File.GetUnixFileMode(nested));
    }

    private static UnixFileMode Mode(string octal) => (UnixFileMode)Convert.ToInt32(octal, 8);

    /// <summary>The effective uid as the kernel reports it in /proc, independently of the calls under test.</summary>
    private static uint EffectiveUid() =>
        uint.Parse(
            File.ReadLines("/proc/self/status")
                .First(l => l.StartsWith("Uid:", StringComparison.Ordinal))
                .Split('\t', StringSplitOptions.RemoveEmptyEntries)[2],
            System.Globalization.CultureInfo.InvariantCulture
        );
}
