using EdgeAlpr.Application.HotLists;
using EdgeAlpr.Hosting;
using EdgeAlpr.HotLists;
using EdgeAlpr.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace EdgeAlpr.Integration.Tests;

/// <summary>What the agent's composition hands the hot list from the rest of its settings: the copy's key and the agency.</summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public class HotListCompositionTests
{
    [Fact]
    public void The_copy_key_is_derived_from_the_store_key_and_the_agency_defaults_to_the_uplinks()
    {
        using var dir = new TempDir();
        string keyFile = StoreKeyFile.Write(dir.File("store.key"), StoreKeyFile.NewKeyText());
        using IHost host = AgentHost.Build(
            new Dictionary<string, string?>
            {
                ["Store:KeyFile"] = keyFile,
                ["Store:KeyVariable"] = "EDGEALPR_TEST_NO_SUCH_VARIABLE",
                ["Uplink:Agency"] = "il-chicago-pd",
            },
            logLevel: null
        );
        HotListCopyKey key = host.Services.GetRequiredService<HotListCopyKey>();
        Assert.True(key.Present, key.Why);
        Assert.Equal(StoreKey.FromFile(keyFile).DeriveHotListCopyKey().Bytes.ToArray(), key.Bytes.ToArray());
        Assert.Equal("il-chicago-pd", host.Services.GetRequiredService<IOptions<HotListOptions>>().Value.Agency);
    }

    [Fact]
    public void Without_the_store_key_there_is_no_copy_key_and_a_hot_list_agency_of_its_own_wins()
    {
        using var dir = new TempDir();
        using IHost host = AgentHost.Build(
            new Dictionary<string, string?>
            {
                ["Store:KeyFile"] = dir.File("missing.key"),
                ["Store:KeyVariable"] = "EDGEALPR_TEST_NO_SUCH_VARIABLE",
                ["Uplink:Agency"] = "il-chicago-pd",
                ["HotList:Agency"] = "il-cook-county-so",
            },
            logLevel: null
        );
        HotListCopyKey key = host.Services.GetRequiredService<HotListCopyKey>();
        Assert.False(key.Present);
        Assert.Contains("does not exist", key.Why, StringComparison.Ordinal);
        Assert.Equal("il-cook-county-so", host.Services.GetRequiredService<IOptions<HotListOptions>>().Value.Agency);
    }
}
