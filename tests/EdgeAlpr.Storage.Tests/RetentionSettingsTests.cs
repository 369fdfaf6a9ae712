using EdgeAlpr.Application.Evidence;

namespace EdgeAlpr.Storage.Tests;

public sealed class RetentionSettingsTests : IDisposable
{
    private readonly StoreFixture _fixture = new();

    public void Dispose() => _fixture.Dispose();

    [Fact]
    public void Read_retention_over_90_days_is_refused_without_the_law_or_policy_that_allows_it()
    {
        StoreOptions options = Options(TimeSpan.FromDays(365));
        string problem = Assert.Single(new StoreOptionsValidator().Validate(null, options).Failures!);
        Assert.Contains("Store:ReadRetention is 365 days", problem, StringComparison.Ordinal);
        Assert.Contains("directive's 90 days", problem, StringComparison.Ordinal);
        Assert.Contains("Store:ReadRetentionAuthority", problem, StringComparison.Ordinal);

        options.ReadRetentionAuthority = "  ";
        Assert.False(new StoreOptionsValidator().Validate(null, options).Succeeded);
        options.ReadRetentionAuthority = "State Code § 12-345(b): reads in an open homicide investigation";
        Assert.True(new StoreOptionsValidator().Validate(null, options).Succeeded);
        Assert.True(new StoreOptionsValidator().Validate(null, Options(TimeSpan.FromDays(90))).Succeeded);
    }

    [Theory]
    [InlineData(0, 2557, "Store:ReadRetention must be positive (it is 0 days)")]
    [InlineData(-1, 2557, "Store:ReadRetention must be positive (it is -1 days)")]
    [InlineData(30, 20, "Store:ReadRetention (30 days) must not be longer than Store:SeriousRetention (20 days)")]
    [InlineData(30, 0, "Store:SeriousRetention must be positive (it is 0 days)")]
    public void Nonsense_retention_is_refused_naming_the_key(int readDays, int seriousDays, string expected)
    {
        StoreOptions options = Options(TimeSpan.FromDays(readDays));
        options.SeriousRetention = TimeSpan.FromDays(seriousDays);
        Assert.Contains(new StoreOptionsValidator().Validate(null, options).Failures!, f => f.StartsWith(expected, StringComparison.Ordinal));
    }

    [Fact]
    public void The_store_does_not_open_with_a_retention_the_validator_refuses()
    {
        _fixture.Options.ReadRetention = TimeSpan.FromDays(180);
        StoreException refused = Assert.Throws<StoreException>(() => _fixture.Open());
        Assert.Contains("Store:ReadRetentionAuthority", refused.Message, StringComparison.Ordinal);
        Assert.False(Directory.Exists(_fixture.Options.Directory));
    }

    [Fact]
    public async Task A_longer_retention_is_recorded_in_the_audit_trail_with_its_authority_when_it_changes_and_when_it_ends()
    {
        await using (EvidenceStore store = _fixture.Open())
        {
            Assert.Empty(store.AuditLog.AuditTrail("read_retention_extended"));
        }

        _fixture.Options.ReadRetention = TimeSpan.FromDays(365);
        _fixture.Options.ReadRetentionAuthority = "Court order 26-CV-0042";
        await using (EvidenceStore store = _fixture.Open())
        {
            StoredAuditEvent extended = Assert.Single(store.AuditLog.AuditTrail("read_retention_extended"));
            Assert.Equal(365.0, (double)extended.Details["read_retention_days"]!);
            Assert.Equal(90.0, (double)extended.Details["directive_days"]!);
            Assert.Equal("Court order 26-CV-0042", (string?)extended.Details["authority"]);
        }

        // Opened again unchanged: nothing new to record.
        await using (EvidenceStore store = _fixture.Open())
        {
            Assert.Single(store.AuditLog.AuditTrail("read_retention_extended"));
        }

        _fixture.Options.ReadRetentionAuthority = "Court order 26-CV-0077";
        await using (EvidenceStore store = _fixture.Open())
        {
            StoredAuditEvent changed = store.AuditLog.AuditTrail("read_retention_extended")[^1];
            Assert.Equal("Court order 26-CV-0077", (string?)changed.Details["authority"]);
            Assert.Equal("Court order 26-CV-0042", (string?)changed.Details["previous_authority"]);
        }

        _fixture.Options.ReadRetention = TimeSpan.FromDays(90);
        await using (EvidenceStore store = _fixture.Open())
        {
            Assert.Equal(2, store.AuditLog.AuditTrail("read_retention_extended").Count);
            StoredAuditEvent restored = Assert.Single(store.AuditLog.AuditTrail("read_retention_restored"));
            Assert.Equal(90.0, (double)restored.Details["read_retention_days"]!);
            Assert.Equal(365.0, (double)restored.Details["previous_days"]!);
            Assert.True(store.AuditLog.VerifyAudit().Ok);
        }
    }

    private StoreOptions Options(TimeSpan readRetention) =>
        new()
        {
            Directory = _fixture.Options.Directory,
            KeyFile = null,
            KeyVariable = "EDGEALPR_TEST_UNSET_" + Guid.NewGuid().ToString("N"),
            ReadRetention = readRetention,
        };
}
