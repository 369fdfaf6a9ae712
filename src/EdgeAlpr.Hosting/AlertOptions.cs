using EdgeAlpr.Core.Alerts;
using EdgeAlpr.Core.HotLists;
using Microsoft.Extensions.Options;

namespace EdgeAlpr.Hosting;

/// <summary>
/// How alerts look and sound on this unit (configuration section <c>Alerts</c>); whether a category alerts at all
/// is HotList:Categories.
/// </summary>
public sealed class AlertOptions
{
    public const string Section = "Alerts";

    /// <summary>A covert unit makes no sound and drives no light bar; the screen and LED still alert.</summary>
    public bool Covert { get; set; }

    /// <summary>No second alert for the same plate and entry within this many minutes (per category: Categories:NAME:CooldownMinutes).</summary>
    public double CooldownMinutes { get; set; } = AlertPolicy.DefaultCooldown.TotalMinutes;

    /// <summary>Match kinds that alert on screen and LED only, whatever their score; default none (the score decides).</summary>
    public string[]? QuietMatchKinds { get; set; }

    /// <summary>
    /// The calibrated score from which a hit that is not an exact match of the read sounds (0–1;
    /// the estimated chance the read is the listed plate). Lower hits alert quietly.
    /// </summary>
    public float SoundingScore { get; set; } = AlertPolicy.DefaultSoundingScore;

    /// <summary>Per-category overrides of how alerts look and sound, keyed by category name (Alerts:Categories:NAME).</summary>
    public Dictionary<string, AlertStyleSettings> Categories { get; set; } = [];

    public AlertPolicy Policy(HotListPolicy hotList) =>
        AlertPolicy.Create(hotList, Categories, Covert, TimeSpan.FromMinutes(CooldownMinutes), QuietMatchKinds, SoundingScore);
}

/// <summary>Checks the alert settings at start, every problem at once.</summary>
public sealed class AlertOptionsValidator : IValidateOptions<AlertOptions>
{
    public ValidateOptionsResult Validate(string? name, AlertOptions options)
    {
        List<string> problems = options.CooldownMinutes is < 0 or > 1440
            ? ["Alerts:CooldownMinutes must be between 0 and 1440"]
            : AlertPolicy.Validate(options.Categories, TimeSpan.FromMinutes(options.CooldownMinutes), options.QuietMatchKinds);
        if (!(options.SoundingScore is >= 0f and <= 1f))
        {
            problems.Add($"Alerts:SoundingScore must be between 0 and 1, got {options.SoundingScore}");
        }

        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}
