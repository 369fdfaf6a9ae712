using EdgeAlpr.Application.Evidence;
using EdgeAlpr.TestKit.Broker;
using EdgeAlpr.Uplink.Transport;

namespace EdgeAlpr.Uplink.Tests;

/// <summary>A broker with user names and passwords, and an ACL that refuses some of the unit's topics.</summary>
public sealed class AclTests
{
    private const string Acl = """
        user unit-7
        topic write alpr/il-chicago-pd/unit-7/read
        topic write alpr/il-chicago-pd/unit-7/hit
        topic write alpr/il-chicago-pd/unit-7/status
        topic read alpr/il-chicago-pd/hotlist/#
        topic read alpr/il-chicago-pd/unit-7/cmd

        user platform
        topic readwrite #
        """;

    [Fact]
    public async Task Items_the_broker_refuses_stay_queued_with_its_reason_and_the_rest_is_delivered()
    {
        using MosquittoBroker broker = await MosquittoBroker.StartAsync(acl: Acl, passwords: "unit-7:s3cret-unit\nplatform:s3cret-platform\n");
        await using UplinkHarness unit = await UplinkHarness.CreateAsync(broker.Url, o =>
        {
            o.Username = "unit-7";
            o.PasswordVariable = "EDGEALPR_TEST_MQTT_PASSWORD_" + Guid.NewGuid().ToString("N");
        });
        Environment.SetEnvironmentVariable(unit.Options.PasswordVariable, "s3cret-unit");
        using MosquittoSubscriber platform = await MosquittoSubscriber.StartAsync(
            broker,
            "alpr/#",
            "platform",
            ["-u", "platform", "-P", "s3cret-platform"]
        );
        List<Guid> reads = await unit.StoreReadsAsync(30);
        using (UplinkService uplink = unit.Service())
        {
            await uplink.DrainAsync(CancellationToken.None);
        }

        var got = await platform.WaitForAsync(
            m => m.Count(x => x.Topic == unit.Topics.Read) >= 30,
            TimeSpan.FromSeconds(10),
            "the reads: " + broker.Log()
        );
        Assert.Equal(reads.Order(), got.Where(x => x.Topic == unit.Topics.Read).Select(x => x.Json.GetProperty("id").GetGuid()).Distinct().Order());
        IReadOnlyList<OutboxItem> left = unit.Store.Outbox.OutboxItems(100);
        Assert.NotEmpty(left);
        Assert.All(left, i => Assert.Equal(OutboxKind.Audit, i.Kind));
        Assert.All(left, i => Assert.Contains("NotAuthorized", i.LastError, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_wrong_password_is_refused_with_the_broker_reason()
    {
        using MosquittoBroker broker = await MosquittoBroker.StartAsync(acl: Acl, passwords: "unit-7:s3cret-unit\n");
        await using UplinkHarness unit = await UplinkHarness.CreateAsync(broker.Url, o =>
        {
            o.Username = "unit-7";
            o.PasswordFile = Path.Combine(Path.GetTempPath(), "edge-alpr-test-password-" + Guid.NewGuid().ToString("N"));
        });
        await File.WriteAllTextAsync(unit.Options.PasswordFile!, "wrong\n");
        File.SetUnixFileMode(unit.Options.PasswordFile!, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        try
        {
            using UplinkService uplink = unit.Service();
            var error = await Assert.ThrowsAsync<UplinkConnectException>(() => uplink.DrainAsync(CancellationToken.None));
            Assert.Contains("refused the connection", error.Message, StringComparison.Ordinal);
            Assert.True(error.NeedsAttention);
        }
        finally
        {
            File.Delete(unit.Options.PasswordFile!);
        }
    }
}
