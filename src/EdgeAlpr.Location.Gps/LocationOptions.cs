namespace EdgeAlpr.Location;

/// <summary>Where reads get their position from (configuration section <c>Location</c>), validated at start.</summary>
public sealed class LocationOptions
{
    public const string Section = "Location";

    /// <summary>The receiver to read, if any: <c>None</c>, <c>Gpsd</c> or <c>Serial</c> (NMEA 0183 without gpsd).</summary>
    public GpsReceiver Receiver { get; set; } = GpsReceiver.None;

    /// <summary>
    /// A fixed camera's or a parked trailer's position; reads are stamped with it. With a receiver too, the
    /// receiver only watches whether the unit was moved.
    /// </summary>
    public double? FixedLatitude { get; set; }

    /// <summary>The fixed position's longitude (with FixedLatitude).</summary>
    public double? FixedLongitude { get; set; }

    /// <summary>Where gpsd listens (Receiver Gpsd).</summary>
    public string GpsdHost { get; set; } = "127.0.0.1";

    /// <summary>gpsd's port (Receiver Gpsd).</summary>
    public int GpsdPort { get; set; } = 2947;

    /// <summary>The NMEA 0183 receiver's serial device (Receiver Serial).</summary>
    public string SerialPort { get; set; } = "/dev/ttyUSB0";

    /// <summary>The serial receiver's speed (Receiver Serial).</summary>
    public int BaudRate { get; set; } = 9600;

    /// <summary>A fix older than this does not stamp a read (mobile units): the vehicle has moved on.</summary>
    public TimeSpan StaleAfter { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>A fixed unit whose receiver puts it farther than this from its configured point is reported as moved.</summary>
    public double MovedAlarmMeters { get; set; } = 150;

    /// <summary>First wait before reconnecting to a receiver that went away; it doubles up to ReconnectMax.</summary>
    public TimeSpan ReconnectMin { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Longest wait between reconnection attempts to the receiver.</summary>
    public TimeSpan ReconnectMax { get; set; } = TimeSpan.FromSeconds(30);

    public bool HasFixedPoint => FixedLatitude is not null && FixedLongitude is not null;
}

public enum GpsReceiver
{
    None,
    Gpsd,
    Serial,
}
