using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using EdgeAlpr.Application.HotLists;
using EdgeAlpr.Core.HotLists;
using EdgeAlpr.Core.Recognition;
using Microsoft.Extensions.Logging;

namespace EdgeAlpr.HotLists.Tests;

/// <summary>
/// The fast-start copy (<c>snapshot.bin</c>) against someone who can write the list's folder but
/// does not hold the unit's key: the attack of issue 20 item 4 (every expiry set to the past, the
/// copy's stamp and hash made right from public data) must not survive a restart.
/// </summary>
public class KeptCopyTests
{
    private const string Header = "plate,state,category,source,reason\n";
    private const string List = Header + "ABC123,IL,stolen,NCIC,\nDEF456,IL,felony,LEADS,\nGHI789,WI,amber_alert,NCIC,\n";
    private static readonly string[] Plates = ["ABC123", "DEF456", "GHI789"];

    [Theory]
    [InlineData("sha256", "the trailer made the SHA-256 of the rest, as the keyless format checked")]
    [InlineData("hmac-guess", "the trailer an HMAC under a key the attacker made up")]
    public async Task A_copy_forged_without_the_key_is_discarded_warned_about_and_rebuilt_from_the_signed_files(string trailer, string what)
    {
        using var platform = new Platform();
        using (HotListService service = platform.Service())
        {
            await service.ApplyUpdateAsync(platform.Full(1, List), default);
        }

        string copyPath = Path.Combine(platform.Options().Directory, "snapshot.bin");
        byte[] good = File.ReadAllBytes(copyPath);
        byte[] forged = Forge(good, platform.Clock.Now, trailer);
        File.WriteAllBytes(copyPath, forged);

        var log = new RecordingLogger<HotListService>();
        using (HotListService restarted = platform.Service(logger: log))
        {
            Assert.Empty(await restarted.LoadAsync(default));
            HotListSnapshot s = restarted.Current;
            Assert.Equal((1L, 3), (s.Version, s.Count));
            foreach (string plate in Plates)
            {
                Assert.True(
                    s.Hits([new PlateCandidate(plate, 0.9f)], null, platform.Clock.Now).Count == 1,
                    $"{plate} must still match after a restart over a copy with {what}"
                );
            }

            Assert.Contains(log.Entries, e =>
                e.Level == LogLevel.Warning
                && e.Message.Contains("SECURITY", StringComparison.Ordinal)
                && e.Message.Contains(copyPath, StringComparison.Ordinal)
            );
            Assert.Contains("failed authentication", restarted.CopyRefusal, StringComparison.Ordinal);
        }

        // The copy is written again from the signed files (disposal waits for it), and taken at the next start.
        Assert.Equal(good, File.ReadAllBytes(copyPath));
        var quiet = new RecordingLogger<HotListService>();
        using HotListService again = platform.Service(logger: quiet);
        await again.LoadAsync(default);
        Assert.Equal(3, again.Current.Count);
        Assert.Null(again.CopyRefusal);
        Assert.DoesNotContain(quiet.Entries, e => e.Level >= LogLevel.Warning);
    }

    [Fact]
    public async Task A_copy_written_under_another_units_key_is_not_taken()
    {
        using var platform = new Platform();
        using (HotListService service = platform.Service())
        {
            await service.ApplyUpdateAsync(platform.Full(1, List), default);
        }

        // Same files, another key: a copy made by another unit (or under a store key since replaced).
        var log = new RecordingLogger<HotListService>();
        using HotListService other = platform.Service(copyKey: HotListCopyKey.From(RandomNumberGenerator.GetBytes(32)), logger: log);
        Assert.Empty(await other.LoadAsync(default));
        Assert.Equal(3, other.Current.Count);
        Assert.NotNull(other.CopyRefusal);
    }

    [Fact]
    public async Task Without_the_key_no_copy_is_trusted_or_written()
    {
        using var platform = new Platform();
        string copyPath = Path.Combine(platform.Options().Directory, "snapshot.bin");
        HotListCopyKey none = HotListCopyKey.None("test: no store key");
        using (HotListService keyless = platform.Service(copyKey: none))
        {
            await keyless.ApplyUpdateAsync(platform.Full(1, List), default);
        }

        Assert.False(File.Exists(copyPath));

        // A copy the key holder wrote is there, then one a keyless process would have to trust: it reads the files instead.
        using (HotListService unit = platform.Service())
        {
            await unit.LoadAsync(default);
        }

        Assert.True(File.Exists(copyPath));
        File.WriteAllBytes(copyPath, Forge(File.ReadAllBytes(copyPath), platform.Clock.Now, "sha256"));
        byte[] forged = File.ReadAllBytes(copyPath);
        var log = new RecordingLogger<HotListService>();
        using (HotListService keyless = platform.Service(copyKey: none, logger: log))
        {
            Assert.Empty(await keyless.LoadAsync(default));
            Assert.Equal(3, keyless.Current.Count);
            Assert.All(Plates, p => Assert.Single(keyless.Current.Hits([new PlateCandidate(p, 0.9f)], null, platform.Clock.Now)));
            Assert.Contains(log.Entries, e => e.Message.Contains("not used without the key", StringComparison.Ordinal));
        }

        Assert.Equal(forged, File.ReadAllBytes(copyPath));
    }

    /// <summary>
    /// What an attacker with write access to the folder makes of the unit's copy: the same entries,
    /// version and stamp (read from the copy itself), every expiry in the past, the trailer remade.
    /// </summary>
    private static byte[] Forge(byte[] copy, DateTimeOffset now, string trailer)
    {
        int magic = "EDGEALPR-HLCACHE/2\n".Length;
        int stampLength = BinaryPrimitives.ReadInt32LittleEndian(copy.AsSpan(magic));
        string stamp = Encoding.UTF8.GetString(copy, magic + 4, stampLength);
        byte[] attackerKey = RandomNumberGenerator.GetBytes(32);
        Assert.Null(SnapshotFormat.TryRead(copy, stamp, attackerKey, HotListPolicy.Default, OcrEquivalence.Default, 5, now, out _, out bool forged));
        Assert.True(forged, "the attacker's key must not open the unit's copy");
        HotListSnapshot read = ReadAsTheAttacker(copy, stamp, now);

        var builder = new HotListSnapshotBuilder(HotListPolicy.Default, OcrEquivalence.Default, 5);
        foreach (HotListEntry e in read.Entries())
        {
            Assert.Null(builder.TryAdd(e with { Expires = now.AddDays(-1) }));
        }

        builder.Version = read.Version;
        builder.CreatedAt = read.CreatedAt;
        byte[] bytes = SnapshotFormat.Write(builder.Build(now), stamp, attackerKey);
        if (trailer == "sha256")
        {
            int body = bytes.Length - SHA256.HashSizeInBytes;
            SHA256.HashData(bytes.AsSpan(0, body), bytes.AsSpan(body));
        }

        return bytes;
    }

    // The copy is not secret, only authenticated: its entries are there for anyone to read, tag unchecked.
    private static HotListSnapshot ReadAsTheAttacker(byte[] copy, string stamp, DateTimeOffset now)
    {
        byte[] key = SHA256.HashData("attacker"u8);
        byte[] resealed = (byte[])copy.Clone();
        int body = copy.Length - HMACSHA256.HashSizeInBytes;
        HMACSHA256.HashData(key, resealed.AsSpan(0, body), resealed.AsSpan(body));
        return SnapshotFormat.TryRead(resealed, stamp, key, HotListPolicy.Default, OcrEquivalence.Default, 5, now, out string? problem, out _)
            ?? throw new InvalidOperationException(problem);
    }
}
