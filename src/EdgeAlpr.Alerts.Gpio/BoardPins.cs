namespace EdgeAlpr.Alerts.Gpio;

/// <summary>
/// The GPIO numbers each supported board offers on its 40-pin header, as its driver numbers them
/// (hardware/*.md has the header pin of each). Pins with a fixed use elsewhere (I²C-0 ID EEPROM)
/// are left out.
/// </summary>
public static class BoardPins
{
    // Raspberry Pi 4 and 5: BCM GPIO 2–27 are on the header; 0 and 1 are the HAT ID EEPROM.
    private static readonly int[] RaspberryPi = Enumerable.Range(2, 26).ToArray();

    // Jetson Orin Nano developer kit: the header's GPIOs are lines of gpiochip0 whose offsets depend
    // on the JetPack release; any offset the chip has is accepted, and gpioinfo shows them.
    private static readonly int[] JetsonLines = Enumerable.Range(0, 170).ToArray();

    public static IReadOnlyDictionary<string, int[]> Boards { get; } =
        new Dictionary<string, int[]>(StringComparer.OrdinalIgnoreCase)
        {
            ["raspberry-pi-4"] = RaspberryPi,
            ["raspberry-pi-5"] = RaspberryPi,
            ["jetson-orin-nano"] = JetsonLines,
        };
}
