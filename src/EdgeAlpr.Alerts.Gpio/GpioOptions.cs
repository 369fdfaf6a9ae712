namespace EdgeAlpr.Alerts.Gpio;

/// <summary>
/// The in-cab hardware's wiring (configuration section <c>Gpio</c>): GPIO numbers as the board's
/// driver numbers them (BCM on a Raspberry Pi; the gpiochip line on a Jetson). hardware/ has a
/// pin map and a wiring note per board.
/// </summary>
public sealed class GpioOptions
{
    public const string Section = "Gpio";

    public bool Enabled { get; set; }

    /// <summary>raspberry-pi-4, raspberry-pi-5 or jetson-orin-nano: which pins exist is checked against hardware/ for it.</summary>
    public string Board { get; set; } = "raspberry-pi-4";

    /// <summary>gpiochip number for boards driven through libgpiod (Raspberry Pi 5: 4 on older kernels, 0 on newer; Jetson: 0).</summary>
    public int? Chip { get; set; }

    public int? BuzzerPin { get; set; }

    /// <summary>
    /// Active: the buzzer sounds while its pin is high (it has its own oscillator). Pwm: a passive piezo driven
    /// at the tone's frequency through PwmChip/PwmChannel.
    /// </summary>
    public BuzzerKind Buzzer { get; set; } = BuzzerKind.Active;

    public int? PwmChip { get; set; }

    public int? PwmChannel { get; set; }

    public int? LedRedPin { get; set; }

    public int? LedGreenPin { get; set; }

    public int? LedBluePin { get; set; }

    /// <summary>A common-anode LED lights when its pin is low.</summary>
    public bool LedActiveLow { get; set; }

    public int? RelayPin { get; set; }

    public bool RelayActiveLow { get; set; }

    public int? AcceptButtonPin { get; set; }

    public int? RejectButtonPin { get; set; }

    public int? MuteButtonPin { get; set; }

    /// <summary>Buttons wired to ground with the internal pull-up: pressed reads low.</summary>
    public bool ButtonsActiveLow { get; set; } = true;

    public int DebounceMs { get; set; } = 30;

    /// <summary>Accept and reject take a long press, so a bump on a rough road records nothing.</summary>
    public int LongPressMs { get; set; } = 1500;

    /// <summary>How long a long press on mute silences every alert.</summary>
    public double MuteMinutes { get; set; } = 15;

    /// <summary>What an accept button press records as the verification (the officer confirms by radio or terminal first).</summary>
    public string AcceptVerifiedWith { get; set; } = "LEADS";

    /// <summary>How often an alert that must be acknowledged sounds again until a button is pressed.</summary>
    public double RepeatSeconds { get; set; } = 10;

    public IEnumerable<(string Name, int Pin)> Pins()
    {
        foreach (
            (string name, int? pin) in new[]
            {
                ("BuzzerPin", BuzzerPin),
                ("LedRedPin", LedRedPin),
                ("LedGreenPin", LedGreenPin),
                ("LedBluePin", LedBluePin),
                ("RelayPin", RelayPin),
                ("AcceptButtonPin", AcceptButtonPin),
                ("RejectButtonPin", RejectButtonPin),
                ("MuteButtonPin", MuteButtonPin),
            }
        )
        {
            if (pin is { } p)
            {
                yield return (name, p);
            }
        }
    }
}

public enum BuzzerKind
{
    Active,
    Pwm,
}
