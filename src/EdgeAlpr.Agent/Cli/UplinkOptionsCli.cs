using System.CommandLine;
using EdgeAlpr.Hosting.Commands;

namespace EdgeAlpr.Agent.Cli;

/// <summary>Command-line options of the uplink commands; each overrides its configuration key (Uplink:…, Store:…, HotList:…).</summary>
internal sealed class UplinkOptionsCli
{
    public Option<string?> Broker { get; } =
        new("--broker") { Description = "mqtts://host:port, or mqtt://host:port on loopback (default: Uplink:Broker)" };

    public Option<string?> Agency { get; } = new("--agency") { Description = "The agency's topic level (default: Uplink:Agency)" };

    public Option<string?> Device { get; } = new("--device") { Description = "This unit's id (default: Uplink:DeviceId)" };

    public Option<string?> CaFile { get; } =
        new("--ca-file") { Description = "PEM CA the broker's certificate must chain to (default: Uplink:CaFile)" };

    public Option<string?> ClientCertificate { get; } =
        new("--client-cert") { Description = "PEM client certificate for mutual TLS (default: Uplink:ClientCertificateFile)" };

    public Option<string?> ClientKey { get; } =
        new("--client-key") { Description = "PEM key of the client certificate (default: Uplink:ClientKeyFile)" };

    public Option<string?> Username { get; } =
        new("--username")
        {
            Description = "Broker user name (default: Uplink:Username; the password from Uplink:PasswordFile or EDGEALPR_MQTT_PASSWORD)",
        };

    public Option<string?> StoreDirectory { get; } =
        new("--store-dir") { Description = "The evidence store to forward from (default: Store:Directory)" };

    public Option<string?> KeyFile { get; } =
        new("--key-file") { Description = "The store key file (default: Store:KeyFile; EDGEALPR_STORE_KEY wins when set)" };

    public Option<string?> HotListDirectory { get; } =
        new("--hotlist-dir") { Description = "Where the hot list is kept, for updates arriving from the platform (default: HotList:Directory)" };

    public Option<bool> Json { get; } = new("--json") { Description = "Print only the JSON summary as the last stdout line" };

    public Option<bool> Verbose { get; } = new("--verbose", "-v") { Description = "Log details on stderr" };

    public void AddTo(Command command)
    {
        foreach (
            Option option in new Option[]
            {
                Broker,
                Agency,
                Device,
                CaFile,
                ClientCertificate,
                ClientKey,
                Username,
                StoreDirectory,
                KeyFile,
                HotListDirectory,
                Json,
                Verbose,
            }
        )
        {
            command.Options.Add(option);
        }
    }

    public Dictionary<string, string?> Overrides(ParseResult parse)
    {
        var overrides = new Dictionary<string, string?>();
        EngineOptions.Set(overrides, "Uplink:Broker", parse.GetValue(Broker));
        EngineOptions.Set(overrides, "Uplink:Agency", parse.GetValue(Agency));
        EngineOptions.Set(overrides, "Uplink:DeviceId", parse.GetValue(Device));
        EngineOptions.Set(overrides, "Uplink:CaFile", parse.GetValue(CaFile));
        EngineOptions.Set(overrides, "Uplink:ClientCertificateFile", parse.GetValue(ClientCertificate));
        EngineOptions.Set(overrides, "Uplink:ClientKeyFile", parse.GetValue(ClientKey));
        EngineOptions.Set(overrides, "Uplink:Username", parse.GetValue(Username));
        EngineOptions.Set(overrides, "Store:Directory", parse.GetValue(StoreDirectory));
        EngineOptions.Set(overrides, "Store:KeyFile", parse.GetValue(KeyFile));
        EngineOptions.Set(overrides, "HotList:Directory", parse.GetValue(HotListDirectory));
        return overrides;
    }

    public Microsoft.Extensions.Logging.LogLevel? LogLevel(ParseResult parse) =>
        parse.GetValue(Verbose) ? Microsoft.Extensions.Logging.LogLevel.Debug : null;
}
