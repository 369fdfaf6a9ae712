using System.Security.Cryptography;
using EdgeAlpr.Application.Evidence;

namespace EdgeAlpr.Storage.Tests;

public sealed class StoreKeyTests : IDisposable
{
    private readonly StoreFixture _fixture = new();

    public void Dispose() => _fixture.Dispose();

    [Fact]
    public async Task A_wrong_key_is_a_clear_error_that_names_no_key_and_changes_no_file()
    {
        await using (EvidenceStore store = _fixture.Open())
        {
            await store.Reads.StoreAsync(new ReadSubmission(StoreFixture.Read("KEY123", _fixture.Clock.Now), []));
        }

        Dictionary<string, string> before = Snapshot();
        string keyPath = Path.Combine(_fixture.Directory, "wrong.key");
        StoreKey.Create(keyPath);
        StoreKey wrong = StoreKey.FromFile(keyPath);

        StoreKeyException error = Assert.Throws<StoreKeyException>(() => _fixture.Open(wrong));
        Assert.Contains("wrong key", error.Message, StringComparison.Ordinal);
        Assert.Contains(keyPath, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain((await File.ReadAllTextAsync(keyPath)).Trim(), error.Message, StringComparison.Ordinal);
        Assert.Equal(before, Snapshot());

        // And the right key still opens it, with the read intact.
        await using EvidenceStore reopened = _fixture.Open();
        Assert.Equal(1, reopened.Administration.Stats().Reads);
    }

    [Fact]
    public async Task The_database_file_holds_no_plain_text()
    {
        string marker = "PLATEMARKER" + Guid.NewGuid().ToString("N")[..8].ToUpperInvariant();
        await using (EvidenceStore store = _fixture.Open())
        {
            await store.Reads.StoreAsync(new ReadSubmission(StoreFixture.Read(marker, _fixture.Clock.Now), []));
        }

        foreach (string file in Directory.GetFiles(_fixture.Options.Directory, "store*.db"))
        {
            Assert.DoesNotContain(marker, System.Text.Encoding.Latin1.GetString(File.ReadAllBytes(file)), StringComparison.Ordinal);
        }
    }

    [Fact]
    public void A_key_file_others_can_read_is_refused_with_the_fix()
    {
        string path = Path.Combine(_fixture.Directory, "loose.key");
        File.WriteAllText(path, "0123456789abcdef0123456789abcdef\n");
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        StoreKeyException error = Assert.Throws<StoreKeyException>(() => StoreKey.FromFile(path));
        Assert.Contains($"chmod 600 {path}", error.Message, StringComparison.Ordinal);

        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        Assert.Equal(path, StoreKey.FromFile(path).Origin);
        Assert.DoesNotContain("0123456789abcdef", StoreKey.FromFile(path).ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_key_file_others_can_read_is_a_settings_problem_unless_the_environment_holds_the_key()
    {
        string path = Path.Combine(_fixture.Directory, "loose.key");
        File.WriteAllText(path, "0123456789abcdef0123456789abcdef\n");
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead);
        var options = new StoreOptions
        {
            Directory = _fixture.Options.Directory,
            KeyFile = path,
            KeyVariable = "EDGEALPR_TEST_UNSET_" + Guid.NewGuid().ToString("N"),
        };
        var result = new StoreOptionsValidator().Validate(null, options);
        Assert.Equal(
            $"Store:KeyFile: store key file {path} is open to group or others (mode 640); run 'chmod 600 {path}'",
            Assert.Single(result.Failures!)
        );

        Environment.SetEnvironmentVariable(options.KeyVariable, "fedcba9876543210fedcba9876543210");
        try
        {
            // The file is not the key in use: nothing to refuse.
            Assert.True(new StoreOptionsValidator().Validate(null, options).Succeeded);
            Assert.Equal($"environment variable {options.KeyVariable}", StoreKey.Resolve(options).Origin);
        }
        finally
        {
            Environment.SetEnvironmentVariable(options.KeyVariable, null);
        }
    }

    [Fact]
    public async Task A_new_store_folder_is_owner_only()
    {
        await using EvidenceStore store = _fixture.Open();
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(_fixture.Options.Directory));
    }

    [Fact]
    public void A_short_or_missing_key_is_refused()
    {
        string path = Path.Combine(_fixture.Directory, "short.key");
        File.WriteAllText(path, "short");
        File.SetUnixFileMode(path, UnixFileMode.UserRead);
        Assert.Contains("shorter than", Assert.Throws<StoreKeyException>(() => StoreKey.FromFile(path)).Message, StringComparison.Ordinal);
        Assert.Contains("new-key", Assert.Throws<StoreKeyException>(() => StoreKey.FromFile(path + ".none")).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_new_key_file_is_owner_only_and_never_replaced()
    {
        string path = Path.Combine(_fixture.Directory, "keys", "store.key");
        StoreKey.Create(path);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        Assert.Throws<IOException>(() => StoreKey.Create(path));
    }

    private Dictionary<string, string> Snapshot() =>
        Directory
            .GetFiles(_fixture.Options.Directory, "*", SearchOption.AllDirectories)
            .ToDictionary(f => f, f => Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(f))) + File.GetLastWriteTimeUtc(f).Ticks);
}
