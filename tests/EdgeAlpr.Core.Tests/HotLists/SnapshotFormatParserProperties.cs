using System.Security.Cryptography;
using EdgeAlpr.Core.HotLists;
using EdgeAlpr.Core.Recognition;
using EdgeAlpr.TestKit.Fuzzing;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace EdgeAlpr.Core.Tests.HotLists;

/// <summary>
/// The unit's binary copy of its built list is read back from disk, where anything may have
/// happened to it. Damaged copies are sealed again with a correct HMAC under the unit's own key
/// (as if the key had leaked), so they get past the tag to the counts and columns: the reader must
/// refuse them with a reason (never throw), never size an array by a count it has not checked, and
/// a copy it does take must be safe to match against and to list. Without the key, a copy
/// rewritten with care is refused at the tag.
/// </summary>
public class SnapshotFormatParserProperties
{
    private const string Stamp = "stamp-of-the-files-it-was-made-from";

    private static readonly byte[] Key = SHA256.HashData("the unit's hot-list copy key"u8);

    private static readonly byte[] Copy = SnapshotFormat.Write(Sample(), Stamp, Key);

    [Property(MaxTest = 300)]
    public Property A_damaged_copy_is_refused_with_a_reason_or_read_into_a_usable_list() =>
        Prop.ForAll(Inputs(), input => CleanParse.Check(input, () => ReadAndUse(input.Bytes)));

    [Fact]
    public void The_sample_copy_reads_back_and_its_counts_are_where_the_properties_change_them()
    {
        int[] counts = CountOffsets(Copy);
        Assert.Equal(Copy.Length - HMACSHA256.HashSizeInBytes - 4, counts[^1] + BitConverter.ToInt32(Copy, counts[^1]));

        HotListSnapshot? copy = SnapshotFormat.TryRead(
            Copy,
            Stamp,
            Key,
            HotListPolicy.Default,
            OcrEquivalence.Default,
            5,
            HotListTestData.Now,
            out string? problem,
            out bool forged
        );
        Assert.True(copy is not null, problem);
        Assert.False(forged);
        Assert.Equal(Sample().Count, copy.Count);
    }

    [Fact]
    public void A_copy_naming_a_state_twice_is_refused_not_read_into_entries_that_point_past_the_table()
    {
        // The sample's states are "", IL, WI, IN, ON: WI becomes a second IL, sealed again.
        byte[] damaged = (byte[])Copy.Clone();
        int wi = Copy.AsSpan().IndexOf("WI"u8);
        "IL"u8.CopyTo(damaged.AsSpan(wi));
        damaged = Reseal(new FuzzInput(damaged, "WI made IL")).Bytes;
        Assert.Null(
            SnapshotFormat.TryRead(
                damaged,
                Stamp,
                Key,
                HotListPolicy.Default,
                OcrEquivalence.Default,
                5,
                HotListTestData.Now,
                out string? problem,
                out _
            )
        );
        Assert.Contains("listed twice", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void A_copy_rewritten_without_the_key_is_refused_as_forged_before_anything_in_it_is_read()
    {
        // The attack on the keyless format: a change, then the trailer made right from public data alone.
        byte[] rewritten = (byte[])Copy.Clone();
        rewritten[Copy.Length / 2] ^= 0x01;
        int body = rewritten.Length - SHA256.HashSizeInBytes;
        SHA256.HashData(rewritten.AsSpan(0, body), rewritten.AsSpan(body));
        byte[] otherKey = SHA256.HashData("another unit's key"u8);
        foreach (
            byte[] bytes in new[]
            {
                rewritten,
                SnapshotFormat.Write(Sample(), Stamp, otherKey),
                [.. "EDGEALPR-HLCACHE/2\n"u8, 1, 2, 3],
                [.. "EDGEALPR-HLCACHE/3\n"u8, .. Copy.AsSpan(19)],
            }
        )
        {
            Assert.Null(
                SnapshotFormat.TryRead(
                    bytes,
                    Stamp,
                    Key,
                    HotListPolicy.Default,
                    OcrEquivalence.Default,
                    5,
                    HotListTestData.Now,
                    out string? problem,
                    out bool forged
                )
            );
            Assert.True(forged, problem);
        }

        // A copy of the unauthenticated format of before is passed over as old, not reported as forged.
        byte[] old = [.. "EDGEALPR-HLCACHE/1\n"u8, .. Copy.AsSpan(19)];
        Assert.Null(
            SnapshotFormat.TryRead(
                old,
                Stamp,
                Key,
                HotListPolicy.Default,
                OcrEquivalence.Default,
                5,
                HotListTestData.Now,
                out string? why,
                out bool oldForged
            )
        );
        Assert.False(oldForged);
        Assert.Contains("older format", why, StringComparison.Ordinal);
    }

    private static void ReadAndUse(byte[] bytes)
    {
        HotListSnapshot? copy = SnapshotFormat.TryRead(
            bytes,
            Stamp,
            Key,
            HotListPolicy.Default,
            OcrEquivalence.Default,
            5,
            HotListTestData.Now,
            out string? problem,
            out _
        );
        if (copy is null)
        {
            if (problem is null)
            {
                throw new InvalidOperationException("refused without a reason");
            }

            return;
        }

        _ = copy.Entries().ToList();
        _ = copy.CountByCategory();
        foreach (string read in new[] { "ABC1234", "ABC123", "AB1234", "XYZ7890", "8BC1Z34", "ABCD1234" })
        {
            _ = copy.Hits([new PlateCandidate(read, 0.9f), new PlateCandidate(read[1..], 0.1f)], "IL", HotListTestData.Now);
        }
    }

    private static Arbitrary<FuzzInput> Inputs()
    {
        Gen<FuzzInput> resealed = Mutations.Of(Copy).Select(Reseal);
        int[] counts = CountOffsets(Copy);
        Gen<FuzzInput> recounted =
            from offset in Gen.Elements(counts)
            from value in Gen.Elements(
                int.MaxValue,
                int.MinValue,
                -1,
                0,
                1,
                0x7FFF_FFF0,
                0x1000_0001,
                0x4000_0000,
                BitConverter.ToInt32(Copy, offset) + 1
            )
            select Reseal(new FuzzInput(WithInt32(Copy, offset, value), $"count at {offset} made {value}"));
        return Gen.Frequency((1, Mutations.RandomBytes()), (1, Mutations.Of(Copy)), (4, resealed), (3, recounted)).ToArbitrary();
    }

    /// <summary>
    /// Where the copy's counts and lengths are (the stamp's, the entries', the state and source tables' and each
    /// name's, the text's).
    /// </summary>
    private static int[] CountOffsets(byte[] copy)
    {
        var offsets = new List<int>();
        int at = "EDGEALPR-HLCACHE/2\n".Length;
        int Int(int where) => BitConverter.ToInt32(copy, where);
        offsets.Add(at);
        at += 4 + Int(at) + 8 + 8;
        offsets.Add(at); // entries
        int slots = Int(at);
        at += 4;
        for (int table = 0; table < 2; table++)
        {
            offsets.Add(at);
            int n = Int(at);
            at += 4;
            for (int i = 0; i < n; i++)
            {
                offsets.Add(at);
                at += 4 + Int(at);
            }
        }

        at += slots * (16 + 2 + 1) + ((slots + 1) * 4);
        offsets.Add(at); // text
        return [.. offsets];
    }

    private static byte[] WithInt32(byte[] bytes, int offset, int value)
    {
        byte[] changed = (byte[])bytes.Clone();
        BitConverter.TryWriteBytes(changed.AsSpan(offset), value);
        return changed;
    }

    /// <summary>The last 32 bytes made the HMAC of the rest again under the unit's key, as a copy rewritten by a key holder would have.</summary>
    private static FuzzInput Reseal(FuzzInput input)
    {
        byte[] b = input.Bytes;
        if (b.Length < HMACSHA256.HashSizeInBytes)
        {
            return input;
        }

        byte[] sealedCopy = (byte[])b.Clone();
        HMACSHA256.HashData(Key, b.AsSpan(0, b.Length - HMACSHA256.HashSizeInBytes), sealedCopy.AsSpan(b.Length - HMACSHA256.HashSizeInBytes));
        return input with { Bytes = sealedCopy, Made = input.Made + ", HMAC made right" };
    }

    private static HotListSnapshot Sample()
    {
        var builder = new HotListSnapshotBuilder(HotListPolicy.Default, OcrEquivalence.Default, 5);
        string[] states = ["IL", "WI", "IN", "ON", null!];
        HotListCategory[] categories =
        [
            HotListCategory.StolenVehicle,
            HotListCategory.AmberAlert,
            HotListCategory.ExpiredRegistration,
            HotListCategory.LocalNewWanted,
        ];
        for (int i = 0; i < 120; i++)
        {
            string plate = i % 10 == 0 ? $"AB*{i % 10}{i / 10 % 10}34" : $"{(char)('A' + (i % 26))}BC{i:D4}";
            Assert.Null(
                builder.TryAdd(
                    new HotListEntry
                    {
                        Plate = plate,
                        State = states[i % states.Length],
                        Category = categories[i % categories.Length],
                        Source = i % 3 == 0 ? "NCIC" : "LEADS",
                        RecordNumber = $"V{i:D9}",
                        Reason = i % 2 == 0 ? "stolen from a lot, keys inside" : null,
                        Vehicle = "2016 HOND CIV BLK",
                        EnteredBy = i % 5 == 0 ? "ofc.smith" : null,
                        EnteredAt = i % 5 == 0 ? HotListTestData.Now.AddDays(-1) : null,
                        Expires = i % 7 == 0 ? HotListTestData.Now.AddDays(30) : null,
                        Origin = i % 4 == 0 ? HotListOrigin.Local : HotListOrigin.Platform,
                    }
                )
            );
        }

        builder.Version = 42;
        builder.CreatedAt = HotListTestData.Now;
        return builder.Build(HotListTestData.Now);
    }
}
