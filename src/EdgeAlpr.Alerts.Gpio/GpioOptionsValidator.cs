using Microsoft.Extensions.Options;

namespace EdgeAlpr.Alerts.Gpio;

/// <summary>Checks the wiring at start: known board, pins that exist on it, no pin used twice, a PWM channel for a PWM buzzer.</summary>
public sealed class GpioOptionsValidator : IValidateOptions<GpioOptions>
{
    public ValidateOptionsResult Validate(string? name, GpioOptions options)
    {
        List<string> problems = Problems(options);
        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }

    public static List<string> Problems(GpioOptions options)
    {
        var problems = new List<string>();
        if (!options.Enabled)
        {
            return problems;
        }

        if (!BoardPins.Boards.TryGetValue(options.Board, out int[]? pins))
        {
            problems.Add($"Gpio:Board '{options.Board}' is not one of {string.Join(", ", BoardPins.Boards.Keys)}");
            pins = [];
        }

        var used = new Dictionary<int, string>();
        foreach ((string key, int pin) in options.Pins())
        {
            if (pins.Length > 0 && !pins.Contains(pin))
            {
                problems.Add($"Gpio:{key} {pin} is not a GPIO on the {options.Board} header (usable: {pins.Min()}–{pins.Max()})");
            }

            if (!used.TryAdd(pin, key))
            {
                problems.Add($"Gpio:{key} {pin} is already Gpio:{used[pin]}");
            }
        }

        if (!options.Pins().Any())
        {
            problems.Add("Gpio:Enabled is set but no pin is wired (BuzzerPin, LedRedPin, RelayPin, AcceptButtonPin, …)");
        }

        if (options.Buzzer == BuzzerKind.Pwm && (options.PwmChip is null || options.PwmChannel is null))
        {
            problems.Add("Gpio:Buzzer Pwm needs Gpio:PwmChip and Gpio:PwmChannel (the board's PWM output the piezo is wired to)");
        }

        if (options.Buzzer == BuzzerKind.Active && options.PwmChip is not null)
        {
            problems.Add("Gpio:PwmChip is set but Gpio:Buzzer is Active; set Gpio:Buzzer to Pwm for a passive piezo");
        }

        if (options.DebounceMs is < 1 or > 500)
        {
            problems.Add("Gpio:DebounceMs must be between 1 and 500");
        }

        if (options.LongPressMs <= options.DebounceMs * 2 || options.LongPressMs > 10_000)
        {
            problems.Add("Gpio:LongPressMs must be well above Gpio:DebounceMs and at most 10000");
        }

        if (options.MuteMinutes is <= 0 or > 240 || options.RepeatSeconds is < 1 or > 600)
        {
            problems.Add("Gpio:MuteMinutes must be in (0, 240] and Gpio:RepeatSeconds in [1, 600]");
        }

        if (string.IsNullOrWhiteSpace(options.AcceptVerifiedWith))
        {
            problems.Add("Gpio:AcceptVerifiedWith must say what an accept button press was verified with (e.g. LEADS)");
        }

        return problems;
    }
}
