using EdgeAlpr.Application.HotLists;
using EdgeAlpr.Core.HotLists;
using Microsoft.Extensions.Options;

namespace EdgeAlpr.HotLists;

/// <summary>Checks hot-list settings at start, reporting every problem at once.</summary>
public sealed class HotListOptionsValidator : IValidateOptions<HotListOptions>
{
    public ValidateOptionsResult Validate(string? name, HotListOptions options)
    {
        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(options.Directory))
        {
            problems.Add("HotList:Directory must name a directory");
        }

        if (!Enum.IsDefined(options.Profile))
        {
            problems.Add($"HotList:Profile must be Standard or MotorCarrier, got {options.Profile}");
        }

        problems.AddRange(HotListPolicy.Validate(options.Categories).Select(p => $"HotList:Categories: {p}"));
        problems.AddRange(OcrEquivalence.Validate(options.EquivalentCharacters ?? []).Select(p => $"HotList:EquivalentCharacters: {p}"));
        if (!(options.MinHitScore is >= 0f and <= 1f))
        {
            problems.Add($"HotList:MinHitScore must be between 0 and 1, got {options.MinHitScore}");
        }

        if (options.EditMatchMinLength is < 3 or > PlateKey.MaxLength)
        {
            problems.Add($"HotList:EditMatchMinLength must be between 3 and {PlateKey.MaxLength}, got {options.EditMatchMinLength}");
        }

        if (options.MaxUpdateBytes is < HotListOptions.MinMaxUpdateBytes or > HotListOptions.MaxMaxUpdateBytes)
        {
            problems.Add(
                $"HotList:MaxUpdateBytes must be between {HotListOptions.MinMaxUpdateBytes} (64 KiB) and {HotListOptions.MaxMaxUpdateBytes} (255 MiB), got {options.MaxUpdateBytes}"
            );
        }

        if (!string.IsNullOrEmpty(options.Agency) && UpdateAudience.LevelProblem(options.Agency) is { } agency)
        {
            problems.Add($"HotList:Agency '{options.Agency}': {agency}");
        }

        if (!string.IsNullOrEmpty(options.DeviceGroup) && UpdateAudience.LevelProblem(options.DeviceGroup) is { } group)
        {
            problems.Add($"HotList:DeviceGroup '{options.DeviceGroup}': {group}");
        }

        if (!string.IsNullOrEmpty(options.DeviceGroup) && string.IsNullOrEmpty(options.Agency))
        {
            problems.Add("HotList:DeviceGroup is set without an agency (HotList:Agency, or Uplink:Agency)");
        }

        if (options.StaleAfter <= TimeSpan.Zero)
        {
            problems.Add("HotList:StaleAfter must be positive");
        }

        if (options.PastReadWindow < TimeSpan.Zero || options.PastReadWindow > TimeSpan.FromDays(90))
        {
            problems.Add("HotList:PastReadWindow must be between 0 and 90 days (reads are not kept longer)");
        }

        if (!string.IsNullOrEmpty(options.PublicKeyPath))
        {
            try
            {
                PlatformKey.Load(options.PublicKeyPath).Dispose();
            }
            catch (HotListImportException ex)
            {
                problems.Add($"HotList:PublicKeyPath: {ex.Message}");
            }
        }

        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}
