using System.Security.Cryptography;
using System.Text;
using EdgeAlpr.Application.HotLists;

namespace EdgeAlpr.HotLists.Tests;

public class SignedUpdateTests
{
    private const string List = "plate,state,category\nABC123,IL,stolen\n";

    [Fact]
    public void A_signed_update_verifies_and_carries_its_header()
    {
        using var platform = new Platform();
        SignedUpdate u = SignedUpdate.Parse(platform.Delta(7, 6, List));
        u.Verify(platform.Key);
        Assert.Equal((UpdateKind.Delta, 7L, (long?)6, Platform.Start), (u.Kind, u.Version, u.BaseVersion, u.CreatedAt));
        Assert.Equal(List, Encoding.UTF8.GetString(u.Payload.Span));
    }

    [Fact]
    public void A_changed_list_fails_the_integrity_check()
    {
        using var platform = new Platform();
        byte[] file = platform.Full(1, List);
        file[^3] = (byte)'X';
        var e = Assert.Throws<HotListImportException>(() => SignedUpdate.Parse(file).Verify(platform.Key));
        Assert.Contains("integrity check failed", e.Message);
    }

    [Fact]
    public void A_changed_header_or_another_key_fails_the_signature_check()
    {
        using var platform = new Platform();
        string text = Encoding.UTF8.GetString(platform.Full(1, List)).Replace("version: 1\n", "version: 9\n", StringComparison.Ordinal);
        Assert.Contains(
            "signature check failed",
            Assert.Throws<HotListImportException>(() => SignedUpdate.Parse(Encoding.UTF8.GetBytes(text)).Verify(platform.Key)).Message
        );
        using var other = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        Assert.Contains(
            "signature check failed",
            Assert.Throws<HotListImportException>(() => SignedUpdate.Parse(platform.Full(1, List, other)).Verify(platform.Key)).Message
        );
    }

    [Theory]
    [InlineData("plate,state\nABC123,IL\n", "does not start")]
    [InlineData("EDGEALPR-HOTLIST/12\nkind: full\n\n", "first line must be exactly")]
    [InlineData("EDGEALPR-HOTLIST/1\nkind: full\naudience: il-chicago-pd\nversion: 1\n", "no blank line")]
    [InlineData(
        "EDGEALPR-HOTLIST/1\nkind: partial\naudience: il-chicago-pd\nversion: 1\ncreated-at: 2026-11-23T12:00:00Z\npayload-sha256: 00\nsignature: AA==\n\n",
        "neither full nor delta"
    )]
    [InlineData(
        "EDGEALPR-HOTLIST/1\nkind: full\naudience: il-chicago-pd\nversion: -3\ncreated-at: 2026-11-23T12:00:00Z\npayload-sha256: 00\nsignature: AA==\n\n",
        "not a positive whole number"
    )]
    [InlineData(
        "EDGEALPR-HOTLIST/1\nkind: delta\naudience: il-chicago-pd\nversion: 3\ncreated-at: 2026-11-23T12:00:00Z\npayload-sha256: 00\nsignature: AA==\n\n",
        "needs 'base-version'"
    )]
    [InlineData(
        "EDGEALPR-HOTLIST/1\nkind: full\naudience: il-chicago-pd\nversion: 3\ncreated-at: 2026-11-23T12:00:00Z\npayload-sha256: 00\nsignature: AA==\n\n",
        "64 hex digits"
    )]
    [InlineData(
        "EDGEALPR-HOTLIST/1\nkind: full\naudience: il-chicago-pd\nversion: 3\ncreated-at: 2026-11-23T12:00:00Z\nsignature: AA==\npayload-sha256: 00\n\n",
        "must be its last line"
    )]
    [InlineData("EDGEALPR-HOTLIST/1\nkind full\n\n", "expected 'name: value'")]
    public void Malformed_updates_are_refused_naming_the_problem(string file, string expected) =>
        Assert.Contains(expected, Assert.Throws<HotListImportException>(() => SignedUpdate.Parse(Encoding.UTF8.GetBytes(file))).Message);

    [Fact]
    public void The_documented_openssl_recipe_produces_an_update_the_unit_accepts()
    {
        // docs/hotlist.md: the platform can sign with stock openssl, no EdgeAlpr code needed.
        using var platform = new Platform();
        string list = Path.Combine(platform.Folder, "list.csv");
        File.WriteAllText(list, List);
        string sha = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(List)));
        string header =
            $"EDGEALPR-HOTLIST/1\nkind: full\naudience: il-chicago-pd\nversion: 5\ncreated-at: 2026-11-23T12:00:00Z\npayload-sha256: {sha}\n";
        string headerPath = Path.Combine(platform.Folder, "header");
        File.WriteAllText(headerPath, header);
        string signaturePath = Path.Combine(platform.Folder, "header.sig");
        Run("openssl", "dgst", "-sha256", "-sign", platform.PrivateKeyPath, "-out", signaturePath, headerPath);
        byte[] file = Encoding.UTF8.GetBytes(header + $"signature: {Convert.ToBase64String(File.ReadAllBytes(signaturePath))}\n\n" + List);

        SignedUpdate u = SignedUpdate.Parse(file);
        u.Verify(platform.Key);
        Assert.Equal((5L, "il-chicago-pd"), (u.Version, u.Audience));
    }

    [Fact]
    public async Task The_documented_openssl_recipe_is_applied_by_a_unit_of_its_audience_and_refused_by_another_agencys()
    {
        using var platform = new Platform();
        string sha = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(List)));
        string header =
            $"EDGEALPR-HOTLIST/1\nkind: full\naudience: {Platform.Agency}\nversion: 5\ncreated-at: 2026-11-23T12:00:00Z\npayload-sha256: {sha}\n";
        string headerPath = Path.Combine(platform.Folder, "header");
        File.WriteAllText(headerPath, header);
        string signaturePath = Path.Combine(platform.Folder, "header.sig");
        Run("openssl", "dgst", "-sha256", "-sign", platform.PrivateKeyPath, "-out", signaturePath, headerPath);
        byte[] file = Encoding.UTF8.GetBytes(header + $"signature: {Convert.ToBase64String(File.ReadAllBytes(signaturePath))}\n\n" + List);

        using (HotListService unit = platform.Service())
        {
            Assert.Equal(5, (await unit.ApplyUpdateAsync(file, default)).Version);
        }

        HotListOptions elsewhere = platform.Options();
        elsewhere.Agency = "in-gary-pd";
        elsewhere.Directory = Path.Combine(platform.Folder, "elsewhere");
        using HotListService other = platform.Service(elsewhere);
        Assert.Equal(
            HotListRefusal.WrongAudience,
            (await Assert.ThrowsAsync<HotListImportException>(() => other.ApplyUpdateAsync(file, default))).Code
        );
    }

    [Fact]
    public void A_raw_r_s_signature_is_accepted_too()
    {
        using var platform = new Platform();
        string sha = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(List)));
        string header =
            $"EDGEALPR-HOTLIST/1\nkind: full\naudience: il-chicago-pd\nversion: 5\ncreated-at: 2026-11-23T12:00:00Z\npayload-sha256: {sha}\n";
        byte[] raw = platform.Key.SignData(
            Encoding.UTF8.GetBytes(header),
            HashAlgorithmName.SHA256,
            DSASignatureFormat.IeeeP1363FixedFieldConcatenation
        );
        SignedUpdate.Parse(Encoding.UTF8.GetBytes(header + $"signature: {Convert.ToBase64String(raw)}\n\n" + List)).Verify(platform.Key);
    }

    private static void Run(string program, params string[] args)
    {
        ProcessResult p = ProcessRunner.Run(program, args);
        Assert.True(p.ExitCode == 0, $"{program} failed: {p.Stderr}");
    }
}
