using System.Security.Cryptography;
using System.Text;

namespace EdgeAlpr.Storage.Tests.Integrity;

/// <summary>
/// The construction in docs/store.md against values computed by an independent implementation
/// (Python's <c>cryptography</c>: tests/tools/store_vectors.py).
/// </summary>
public sealed class SealingVectorTests
{
    private static readonly byte[] Secret = Encoding.UTF8.GetBytes("correct horse battery staple 2026");
    private static readonly byte[] FileId = Enumerable.Range(0, 16).Select(i => (byte)i).ToArray();
    private static readonly byte[] Nonce = Enumerable.Range(100, 12).Select(i => (byte)i).ToArray();

    [Fact]
    public void Keys_are_derived_per_purpose_with_hkdf_sha256()
    {
        StoreKeys keys = StoreKeys.FromSecret(Secret);
        Assert.Equal("2b9cbe93c6d208aee3d6cb557b194141f229344dcb6c20442b8ed567d1f292d5", Convert.ToHexStringLower(keys.ImageKey));
        Assert.Equal("7643d0665074c9586725379bd98df9f3106662bfb34b18adbd911e6e5d82ab89", Convert.ToHexStringLower(keys.ImageNameKey));
        Assert.Equal("008af1128fd1fc1df5167696d776398068c5e6eaf6c4cdcd3e9bf19dd5561e63", Convert.ToHexStringLower(keys.ManifestKey));
        Assert.Equal("d1b5c709697eb098a9b795c74370b446e6ab275a64e32e68d8eefc1469c12144", Convert.ToHexStringLower(keys.KeyCheckKey));
        Assert.Equal("47860e8fcdf5fbf017a38afe743b9579a269d080bbec1fdad60cc22c0660c2b1", Convert.ToHexStringLower(keys.HotListCopyKey));
        Assert.Equal("e90b7b123cc8a22506b0bbcdbc7ff1984b8cefe830f8526d14dbf7de6386324f", Convert.ToHexStringLower(keys.PageKey(FileId)));
    }

    [Fact]
    public void A_page_is_sealed_with_aes_256_gcm_bound_to_its_file_kind_and_number()
    {
        StoreKeys keys = StoreKeys.FromSecret(Secret);
        var header = new SealedFileHeader(SealedFileKind.Data, FileId);
        byte[] plain = Enumerable.Range(0, 8192).Select(i => (byte)(i % 251)).ToArray();
        byte[] physical = new byte[SealedPageStream.PhysicalPageSize];
        using var aes = new AesGcm(keys.PageKey(FileId), 16);

        SealedPageStream.Seal(aes, header, 3, Nonce, plain, physical);

        Assert.Equal([3, 0, 0, 0], physical[..4]);
        Assert.Equal(Nonce, physical[4..16]);
        Assert.Equal(
            "c834dec99c416c5deac6c24fb5fc8d7165edba7da7b31d69dd19519677080e42",
            Convert.ToHexStringLower(SHA256.HashData(physical.AsSpan(16, 8192)))
        );
        Assert.Equal("f41743b7a59760f61e831bba6b087cfa", Convert.ToHexStringLower(physical.AsSpan(16 + 8192)));
    }

    [Fact]
    public void The_file_header_carries_the_id_a_key_check_and_a_checksum()
    {
        byte[] bytes = new SealedFileHeader(SealedFileKind.Data, FileId).ToBytes(StoreKeys.FromSecret(Secret));
        Assert.Equal(4096, bytes.Length);
        Assert.Equal("EDGEALPRPG"u8.ToArray(), bytes[..10]);
        Assert.Equal(FileId, bytes[20..36]);
        Assert.Equal(
            Convert.ToHexStringLower(HMACSHA256.HashData(StoreKeys.FromSecret(Secret).KeyCheckKey, FileId)),
            Convert.ToHexStringLower(bytes.AsSpan(36, 32))
        );
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(bytes.AsSpan(0, 68))), Convert.ToHexStringLower(bytes.AsSpan(68, 32)));
        Assert.DoesNotContain(bytes[100..], b => b != 0);
    }

    [Fact]
    public void An_image_made_by_the_other_implementation_opens_under_its_keyed_name()
    {
        var seal = new ImageSeal(StoreKeys.FromSecret(Secret));
        byte[] image = "\u00ff\u00d8\u00ff\u00e0 not really a JPEG \u00ff\u00d9".Select(c => (byte)c).ToArray();
        string sha = Convert.ToHexStringLower(SHA256.HashData(image));
        Assert.Equal("e049d9dab7db79815e112f6c00b0f33f565fd7e66e565b5e762a2f750be1bb41", sha);
        Assert.Equal("846dab2c153ff838e143d0b9b87bdb2be02b2f0435eaa1912e27dda0c707b463", seal.NameOf(sha));
        byte[] file = Convert.FromHexString(
            "45444745414c5052494d01006465666768696a6b6c6d6e6f7f71695f0000cacee6a5ed59530e0430343c67e0b9ce6a69c10989816b2d4a6ed74d64e194e1a3b706"
        );

        Assert.Equal(image, seal.TryOpen(seal.NameOf(sha), file, out string? problem));
        Assert.Null(problem);
        Assert.Null(seal.TryOpen(new string('0', 64), file, out problem));
        Assert.Contains("does not authenticate", problem, StringComparison.Ordinal);
    }
}
