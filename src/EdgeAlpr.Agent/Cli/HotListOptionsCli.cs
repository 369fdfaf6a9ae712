using System.CommandLine;
using EdgeAlpr.Core.HotLists;
using EdgeAlpr.Hosting.Commands;

namespace EdgeAlpr.Agent.Cli;

/// <summary>Command-line options shared by the hot-list commands; each overrides its configuration key.</summary>
internal sealed class HotListOptionsCli
{
    public Option<string?> Directory { get; } =
        new("--dir") { Description = "Folder the hot list is kept in (default: HotList:Directory, /var/lib/edge-alpr/hotlist)" };

    public Option<string?> PublicKey { get; } =
        new("--public-key") { Description = "PEM file with the platform's ECDSA P-256 public key (default: HotList:PublicKeyPath)" };

    public Option<string?> Agency { get; } =
        new("--agency")
        {
            Description = "The unit's agency, which a signed update's audience must name (default: HotList:Agency, else Uplink:Agency)",
        };

    public Option<HotListProfile?> Profile { get; } =
        new("--profile") { Description = "Standard, or MotorCarrier for a motor-carrier safety unit (DOT/ICC data only)" };

    public Option<bool> Json { get; } = new("--json") { Description = "Print JSON lines instead of tables" };

    public Option<bool> Verbose { get; } = new("--verbose", "-v") { Description = "Log progress and details on stderr" };

    public void AddTo(Command command)
    {
        foreach (Option option in new Option[] { Directory, PublicKey, Agency, Profile, Json, Verbose })
        {
            command.Options.Add(option);
        }
    }

    public Dictionary<string, string?> Overrides(ParseResult parse)
    {
        var overrides = new Dictionary<string, string?>();
        EngineOptions.Set(overrides, "HotList:Directory", parse.GetValue(Directory));
        EngineOptions.Set(overrides, "HotList:PublicKeyPath", parse.GetValue(PublicKey));
        EngineOptions.Set(overrides, "HotList:Agency", parse.GetValue(Agency));
        EngineOptions.Set(overrides, "HotList:Profile", parse.GetValue(Profile));
        return overrides;
    }

    public Microsoft.Extensions.Logging.LogLevel? LogLevel(ParseResult parse) =>
        parse.GetValue(Verbose) ? Microsoft.Extensions.Logging.LogLevel.Debug : null;
}
