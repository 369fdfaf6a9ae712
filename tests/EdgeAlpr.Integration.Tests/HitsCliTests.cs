using System.Text.Json;
using EdgeAlpr.Application.Evidence;
using EdgeAlpr.Core.HotLists;
using EdgeAlpr.Storage;
using Microsoft.Extensions.Logging.Abstractions;

namespace EdgeAlpr.Integration.Tests;

/// <summary><c>edge-alpr hits list|accept|reject</c> on a real store, as an officer uses them.</summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class HitsCliTests : IDisposable
{
    private readonly TempDir _dir = new();
    private readonly Dictionary<string, string> _env = new()
    {
        ["EDGEALPR_STORE_KEY"] = StoreKeyFile.NewKeyText(),
        ["EDGEALPR_PASSWORD"] = UnitPeople.Password,
    };

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task An_officer_lists_accepts_and_rejects_hits_and_each_decision_is_stored_audited_and_queued()
    {
        (Guid stolen, Guid amber) = await StoreTwoHitsAsync();
        string[] store = ["--dir", _dir.File("store")];

        CliRunner.Result listed = await Cli(["hits", "list", "--as", UnitPeople.Officer, "--json", .. store]);
        Assert.True(listed.ExitCode == 0, listed.Stderr);
        var hits = listed.StdoutLines.Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Equal(2, hits.Count);
        Assert.All(hits, h => Assert.Equal(HotListHit.VerificationInstruction, h.GetProperty("hit").GetProperty("verify").GetString()));

        CliRunner.Result accepted = await Cli([
            "hits",
            "accept",
            stolen.ToString()[..13],
            "--as",
            UnitPeople.Officer,
            "--verified-with",
            "LEADS",
            .. store,
        ]);
        Assert.True(accepted.ExitCode == 0, accepted.Stderr);
        Assert.Equal("accepted", JsonDocument.Parse(accepted.StdoutLines[^1]).RootElement.GetProperty("decision").GetString());

        CliRunner.Result rejected = await Cli([
            "hits",
            "reject",
            amber.ToString(),
            "--as",
            UnitPeople.Officer,
            "--reason",
            "vehicle-does-not-match",
            "--note",
            "blue sedan, entry says white SUV",
            .. store,
        ]);
        Assert.True(rejected.ExitCode == 0, rejected.Stderr);
        Assert.Equal("vehicle_does_not_match", JsonDocument.Parse(rejected.StdoutLines[^1]).RootElement.GetProperty("reason").GetString());

        CliRunner.Result awaiting = await Cli(["hits", "list", "--as", UnitPeople.Officer, "--json", .. store]);
        Assert.Empty(awaiting.StdoutLines);
        CliRunner.Result table = await Cli(["hits", "list", "--as", UnitPeople.Officer, "--all", .. store]);
        string shown = string.Join("\n", table.StdoutLines);
        Assert.Contains("accepted", shown, StringComparison.Ordinal);
        Assert.Contains("rejected", shown, StringComparison.Ordinal);
        Assert.Contains("verify it through", shown, StringComparison.Ordinal);

        await using EvidenceStore opened = Open();
        // Each decision is the signed-in officer's; nothing a caller typed names anyone else.
        Assert.All(opened.AuditLog.AuditTrail("hit_disposition"), e => Assert.Equal(UnitPeople.Officer, e.Actor));
        Assert.Equal(2, opened.AuditLog.AuditTrail("hit_disposition").Count);
        Assert.Equal(3, opened.AuditLog.AuditTrail("hits_listed").Count);
        Assert.Contains(opened.AuditLog.AuditTrail("hit_viewed"), e => e.Subject == stolen.ToString() && e.Actor == UnitPeople.Officer);
        Assert.Equal(2, opened.Outbox.PendingOutbox(100).Count(i => i.Kind == OutboxKind.Disposition));
    }

    [Fact]
    public async Task Bad_decisions_are_refused_with_the_reason()
    {
        (Guid stolen, _) = await StoreTwoHitsAsync();
        string[] store = ["--dir", _dir.File("store")];

        CliRunner.Result noSource = await Cli(["hits", "accept", stolen.ToString(), "--as", UnitPeople.Officer, .. store]);
        Assert.Equal(2, noSource.ExitCode);
        Assert.Contains("--verified-with", noSource.Stderr, StringComparison.Ordinal);

        CliRunner.Result badReason = await Cli(["hits", "reject", stolen.ToString(), "--as", UnitPeople.Officer, "--reason", "bored", .. store]);
        Assert.Equal(2, badReason.ExitCode);
        Assert.Contains("is not one of misread, wrong_state", badReason.Stderr, StringComparison.Ordinal);

        CliRunner.Result otherWithoutNote = await Cli([
            "hits",
            "reject",
            stolen.ToString(),
            "--as",
            UnitPeople.Officer,
            "--reason",
            "other",
            .. store,
        ]);
        Assert.Equal(2, otherWithoutNote.ExitCode);
        Assert.Contains("needs a note", otherWithoutNote.Stderr, StringComparison.Ordinal);

        CliRunner.Result unknown = await Cli([
            "hits",
            "accept",
            Guid.NewGuid().ToString(),
            "--as",
            UnitPeople.Officer,
            "--verified-with",
            "NCIC",
            .. store,
        ]);
        Assert.Equal(1, unknown.ExitCode);
        Assert.Contains("no hit", unknown.Stderr, StringComparison.Ordinal);

        CliRunner.Result shortId = await Cli(["hits", "accept", "01a2", "--as", UnitPeople.Officer, "--verified-with", "NCIC", .. store]);
        Assert.Equal(2, shortId.ExitCode);
        Assert.Contains("first 8 or more characters", shortId.Stderr, StringComparison.Ordinal);

        await using EvidenceStore opened = Open();
        Assert.Empty(opened.AuditLog.AuditTrail("hit_disposition"));
    }

    [Fact]
    public async Task Only_a_signed_in_officer_decides_and_who_typed_what_name_does_not_matter()
    {
        (Guid stolen, _) = await StoreTwoHitsAsync();
        string[] store = ["--dir", _dir.File("store")];
        string[] accept = ["hits", "accept", stolen.ToString(), "--verified-with", "LEADS", .. store];

        CliRunner.Result nobody = await Cli(accept);
        Assert.Equal(2, nobody.ExitCode);
        Assert.Contains("--as LOGIN", nobody.Stderr, StringComparison.Ordinal);

        CliRunner.Result oldFlag = await Cli([.. accept, "--officer", "Chief of Police"]);
        Assert.Equal(2, oldFlag.ExitCode);

        CliRunner.Result wrongPassword = await CliRunner.RunWithEnvironmentAsync(
            new Dictionary<string, string>(_env) { ["EDGEALPR_PASSWORD"] = "not-the-password" },
            [.. accept, "--as", UnitPeople.Officer]
        );
        Assert.Equal(2, wrongPassword.ExitCode);
        Assert.Contains("sign-in refused", wrongPassword.Stderr, StringComparison.Ordinal);

        CliRunner.Result auditor = await Cli([.. accept, "--as", UnitPeople.Auditor]);
        Assert.Equal(2, auditor.ExitCode);
        Assert.Contains("access denied", auditor.Stderr, StringComparison.Ordinal);

        await using EvidenceStore opened = Open();
        Assert.Empty(opened.AuditLog.AuditTrail("hit_disposition"));
        Assert.Contains(opened.AuditLog.AuditTrail("sign_in_failed"), e => e.Subject == UnitPeople.Officer);
        Assert.Contains(opened.AuditLog.AuditTrail("access_denied"), e => e.Actor == UnitPeople.Auditor);
    }

    private Task<CliRunner.Result> Cli(string[] args) => CliRunner.RunWithEnvironmentAsync(_env, args);

    private EvidenceStore Open() =>
        EvidenceStore.Open(
            new StoreOptions { Directory = _dir.File("store"), MinFreeMegabytes = 0 },
            KeyFile(),
            TimeProvider.System,
            NullLogger.Instance
        );

    private StoreKey KeyFile()
    {
        return StoreKey.FromFile(StoreKeyFile.Write(_dir.File("store.key"), _env["EDGEALPR_STORE_KEY"]));
    }

    private async Task<(Guid Stolen, Guid Amber)> StoreTwoHitsAsync()
    {
        await using EvidenceStore store = Open();
        UnitPeople.Seed(store);
        StoredReceipt a = await store.Reads.StoreAsync(
            new ReadSubmission(KeptEvidence.Read("STL3N1", [1, 2, 3], [4, 5, 6]), [KeptEvidence.Hit("STL3N1", HotListCategory.StolenVehicle)])
        );
        StoredReceipt b = await store.Reads.StoreAsync(
            new ReadSubmission(KeptEvidence.Read("AMB3R1", [1, 2, 3], [4, 5, 6]), [KeptEvidence.Hit("AMB3R1", HotListCategory.AmberAlert)])
        );
        return (a.HitIds[0], b.HitIds[0]);
    }
}
