using System.Device.Gpio;
using System.Device.Gpio.Drivers;
using System.Device.Pwm;

namespace EdgeAlpr.Alerts.Gpio;

/// <summary>Opens the board's real GPIO (and PWM) as the wiring says: libgpiod on the named chip, else the library's own detection.</summary>
public static class BoardGpio
{
    public static GpioController Open(GpioOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options.Chip is { } chip ? new GpioController(new LibGpiodDriver(chip)) : new GpioController();
    }

    public static PwmChannel? OpenPwm(GpioOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options.Buzzer == BuzzerKind.Pwm ? PwmChannel.Create(options.PwmChip!.Value, options.PwmChannel!.Value, 1000, 0) : null;
    }
}
