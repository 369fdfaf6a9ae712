using System.Globalization;
using System.Text.RegularExpressions;
using EdgeAlpr.Core.Capture;
using EdgeAlpr.Core.Text;
using Microsoft.Extensions.Options;

namespace EdgeAlpr.Hosting.Service;

/// <summary>
/// Checks the agent's settings before anything starts, one line per problem, naming the key:
/// every camera's source must be something the unit can open (a URL it can stream, a V4L2
/// device that exists, a file or folder that exists), ids unique, zones well formed.
/// </summary>
public sealed partial class AgentOptionsValidator(UnknownSettings? unknown = null) : IValidateOptions<AgentOptions>
{
    public ValidateOptionsResult Validate(string? name, AgentOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var problems = new List<string>(unknown?.Problems ?? []);
        if (options.Cameras.Count == 0)
        {
            problems.Add("Agent:Cameras is empty: configure at least one camera (Id and Source)");
        }

        var ids = new HashSet<string>(StringComparer.Ordinal);
        for (int i = 0; i < options.Cameras.Count; i++)
        {
            CheckCamera($"Agent:Cameras:{i}", options.Cameras[i], ids, problems);
        }

        if (options.State is { Length: > 0 } state && !StatePattern().IsMatch(state))
        {
            problems.Add($"Agent:State '{state}' is not a state or jurisdiction code (2 or 3 letters, e.g. IL)");
        }

        if (options.DeviceId is { Length: > 0 } device && !IdPattern().IsMatch(device))
        {
            problems.Add($"Agent:DeviceId '{device}' may hold only letters, digits, '.', '_' and '-'");
        }

        foreach (string problem in options.ReadAcceptance.ToPassAcceptance().Validate())
        {
            problems.Add($"Agent:ReadAcceptance: {problem}");
        }

        Range(problems, "Agent:MaxConcurrent", options.MaxConcurrent, 1, 16);
        Range(problems, "Agent:ReadQueue", options.ReadQueue, 16, 100_000);
        Range(problems, "Agent:StoreWindow", options.StoreWindow, 16, 100_000);
        Range(problems, "Agent:AlertQueue", options.AlertQueue, 4, 10_000);
        if (options.ShutdownTimeout < TimeSpan.FromSeconds(1) || options.ShutdownTimeout > TimeSpan.FromMinutes(10))
        {
            problems.Add($"Agent:ShutdownTimeout {options.ShutdownTimeout} must be between 00:00:01 and 00:10:00");
        }

        if (options.StatusInterval < TimeSpan.FromSeconds(1))
        {
            problems.Add($"Agent:StatusInterval {options.StatusInterval} must be at least 00:00:01");
        }

        if (string.IsNullOrWhiteSpace(options.StatusFile))
        {
            problems.Add("Agent:StatusFile is empty: 'edge-alpr status' reads the agent's status from it");
        }

        if (options.MetricsPort != 0)
        {
            Range(problems, "Agent:MetricsPort", options.MetricsPort, 1024, 65535);
        }

        if (options.DrainTimeout < TimeSpan.Zero)
        {
            problems.Add($"Agent:DrainTimeout {options.DrainTimeout} must not be negative");
        }

        if (options.LingerAfterCamerasEnd < TimeSpan.Zero || options.LingerAfterCamerasEnd > TimeSpan.FromDays(1))
        {
            problems.Add($"Agent:LingerAfterCamerasEnd {options.LingerAfterCamerasEnd} must be between 00:00:00 and 1.00:00:00");
        }

        if (options.PurgeInterval < TimeSpan.FromMinutes(1))
        {
            problems.Add($"Agent:PurgeInterval {options.PurgeInterval} must be at least 00:01:00");
        }

        if (options.AuditCheckpointInterval < TimeSpan.FromMinutes(1) || options.AuditCheckpointInterval > TimeSpan.FromDays(1))
        {
            problems.Add($"Agent:AuditCheckpointInterval {options.AuditCheckpointInterval} must be between 00:01:00 and 1.00:00:00");
        }

        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }

    private static void CheckCamera(string key, CameraOptions camera, HashSet<string> ids, List<string> problems)
    {
        if (string.IsNullOrWhiteSpace(camera.Id))
        {
            problems.Add($"{key}:Id is empty: every camera needs an id (it is on each of its reads)");
        }
        else if (!IdPattern().IsMatch(camera.Id))
        {
            problems.Add($"{key}:Id '{camera.Id}' may hold only letters, digits, '.', '_' and '-'");
        }
        else if (!ids.Add(camera.Id))
        {
            problems.Add($"{key}:Id '{camera.Id}' is used by another camera");
        }

        if (SourceProblem(camera.Source) is { } problem)
        {
            problems.Add($"{key}:Source {problem}");
        }

        if (camera.Fps is < 0 or > 120 || double.IsNaN(camera.Fps))
        {
            problems.Add($"{key}:Fps {camera.Fps.ToString(CultureInfo.InvariantCulture)} must be between 0 (every frame) and 120");
        }

        if (!string.IsNullOrWhiteSpace(camera.Zone))
        {
            try
            {
                DetectionZone.Parse(camera.Zone);
            }
            catch (FormatException ex)
            {
                problems.Add($"{key}:Zone: {ex.Message}");
            }
        }

        Range(problems, $"{key}:MinPlateWidth", camera.MinPlateWidth, 1, 2000);
        Range(problems, $"{key}:Retries", camera.Retries, 0, 1_000_000);
        Range(problems, $"{key}:QueueCapacity", camera.QueueCapacity, 1, 64);
    }

    /// <summary>Why the unit cannot open this source, or null when it can try.</summary>
    public static string? SourceProblem(string? source)
    {
        if (string.IsNullOrWhiteSpace(source))
        {
            return "is empty: give an rtsp:// or http(s):// URL, a /dev/videoN device, a video file or a folder of pictures";
        }

        if (source.Contains("://", StringComparison.Ordinal))
        {
            // Camera URLs often carry the camera's password; the message shows the URL without it.
            if (!Uri.TryCreate(source, UriKind.Absolute, out Uri? uri) || string.IsNullOrEmpty(uri.Host))
            {
                return $"'{UrlCredentials.Hide(source)}' is not a valid URL";
            }

            return uri.Scheme is "rtsp" or "rtsps" or "http" or "https"
                ? null
                : $"'{UrlCredentials.Hide(source)}': unknown camera source scheme '{uri.Scheme}' (rtsp, rtsps, http and https are streamed)";
        }

        if (source.StartsWith("/dev/", StringComparison.Ordinal))
        {
            return File.Exists(source)
                ? null
                : $"'{source}' does not exist: is the camera plugged in, and may the service user open it (group video)?";
        }

        return File.Exists(source) || Directory.Exists(source)
            ? null
            : $"'{source}' is neither a URL nor an existing device, video file or folder of pictures";
    }

    private static void Range(List<string> problems, string key, int value, int min, int max)
    {
        if (value < min || value > max)
        {
            problems.Add($"{key} {value} must be between {min} and {max}");
        }
    }

    [GeneratedRegex("^[A-Za-z0-9._-]{1,64}$")]
    private static partial Regex IdPattern();

    [GeneratedRegex("^[A-Za-z]{2,3}$")]
    private static partial Regex StatePattern();
}
