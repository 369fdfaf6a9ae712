namespace EdgeAlpr.Alerts.Gpio;

/// <summary>
/// The in-cab hardware's wiring (configuration section <c>Gpio</c>): GPIO numbers as the board's
/// driver numbers them (BCM on a Raspberry Pi; the gpiochip line on a Jetson). hardware/ has a
/// pin map and a wiring note per board.
/// </summary>
public sealed class GpioOptions
{
    public const string Section = "Gpio";

    /// <summary>Whether the unit drives an in-cab panel (buzzer, LED, light bar, buttons) on its GPIO header; pin maps in hardware/.</summary>
    public bool Enabled { get; set; }

    /// <summary>raspberry-pi-4, raspberry-pi-5 or jetson-orin-nano: which pins exist is checked against hardware/ for it.</summary>
    public string Board { get; set; } = "raspberry-pi-4";

    /// <summary>gpiochip number for boards driven through libgpiod (Raspberry Pi 5: 4 on older kernels, 0 on newer; Jetson: 0).</summary>
    public int? Chip { get; set; }

    /// <summary>The buzzer's pin (BCM numbering on a Raspberry Pi); none: no buzzer.</summary>
    public int? BuzzerPin { get; set; }

    /// <summary>
    /// Active: the buzzer sounds while its pin is high (it has its own oscillator). Pwm: a passive piezo driven
    /// at the tone's frequency through PwmChip/PwmChannel.
    /// </summary>
    public BuzzerKind Buzzer { get; set; } = BuzzerKind.Active;

    /// <summary>With a passive buzzer (Buzzer Pwm): the PWM chip that drives it.</summary>
    public int? PwmChip { get; set; }

    /// <summary>With a passive buzzer (Buzzer Pwm): the channel of PwmChip that drives it.</summary>
    public int? PwmChannel { get; set; }

    /// <summary>The RGB LED's red pin; none: no LED.</summary>
    public int? LedRedPin { get; set; }

    /// <summary>The RGB LED's green pin.</summary>
    public int? LedGreenPin { get; set; }

    /// <summary>The RGB LED's blue pin.</summary>
    public int? LedBluePin { get; set; }

    /// <summary>A common-anode LED lights when its pin is low.</summary>
    public bool LedActiveLow { get; set; }

    /// <summary>The relay of the light bar or strobe, switched for critical and high alerts (never on covert units); none: no relay.</summary>
    public int? RelayPin { get; set; }

    /// <summary>For relay modules that pull in on a low input.</summary>
    public bool RelayActiveLow { get; set; }

    /// <summary>The accept button: a short press acknowledges an alert, a long press accepts the hit.</summary>
    public int? AcceptButtonPin { get; set; }

    /// <summary>The reject button: a short press acknowledges an alert, a long press rejects the hit.</summary>
    public int? RejectButtonPin { get; set; }

    /// <summary>The mute button: a short press acknowledges an alert, a long press silences every alert for MuteMinutes.</summary>
    public int? MuteButtonPin { get; set; }

    /// <summary>Buttons wired to ground with the internal pull-up: pressed reads low.</summary>
    public bool ButtonsActiveLow { get; set; } = true;

    /// <summary>Button edges closer than this are contact bounce.</summary>
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
