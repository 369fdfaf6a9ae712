namespace EdgeAlpr.Uplink;

/// <summary>
/// The unit's topics (docs/mqtt-contract.md): what it publishes under
/// <c>{prefix}/{agency}/{device}/…</c>, and the agency's hot-list topics and its own command topic it subscribes to.
/// </summary>
public sealed class Topics
{
    public Topics(string prefix, string agency, string device)
    {
        foreach ((string name, string value) in new[] { ("TopicPrefix", prefix), ("Agency", agency), ("DeviceId", device) })
        {
            if (Problem(value) is { } problem)
            {
                throw new ArgumentException($"Uplink:{name} {problem}", name);
            }
        }

        DeviceId = device;
        string unit = $"{prefix}/{agency}/{device}";
        Read = unit + "/read";
        Hit = unit + "/hit";
        HitDisposition = unit + "/hit-disposition";
        Status = unit + "/status";
        Health = unit + "/health";
        Audit = unit + "/audit";
        Dissemination = unit + "/dissemination";
        ImagePrefix = unit + "/image/";
        CommandResult = unit + "/cmd-result";
        Command = unit + "/cmd";
        HotListFull = $"{prefix}/{agency}/hotlist/full";
        HotListDelta = $"{prefix}/{agency}/hotlist/delta";
    }

    public string DeviceId { get; }

    public string Read { get; }

    public string Hit { get; }

    public string HitDisposition { get; }

    public string Status { get; }

    public string Health { get; }

    public string Audit { get; }

    /// <summary>Records of evidence released outside the unit (exports).</summary>
    public string Dissemination { get; }

    public string ImagePrefix { get; }

    public string CommandResult { get; }

    public string Command { get; }

    public string HotListFull { get; }

    public string HotListDelta { get; }

    public string Image(string sha256) => ImagePrefix + sha256;

    /// <summary>Why a value cannot be one topic level, or null if it can.</summary>
    public static string? Problem(string? level)
    {
        if (string.IsNullOrWhiteSpace(level))
        {
            return "is required";
        }

        if (level.Length > 64)
        {
            return $"'{level}' is longer than 64 characters";
        }

        foreach (char c in level)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.'))
            {
                return $"'{level}' may hold only letters, digits, '-', '_' and '.' (it is one MQTT topic level)";
            }
        }

        return null;
    }
}
