using Microsoft.Extensions.Logging.Abstractions;

namespace EdgeAlpr.Location.Tests;

public sealed class LocationOptionsTests
{
    [Fact]
    public void Every_problem_is_listed()
    {
        var options = new LocationOptions
        {
            Receiver = GpsReceiver.Serial,
            SerialPort = "",
            BaudRate = 1234,
            FixedLatitude = 95,
            StaleAfter = TimeSpan.Zero,
        };
        string all = string.Join("\n", LocationOptionsValidator.Problems(options));
        Assert.Contains("FixedLatitude and Location:FixedLongitude go together", all, StringComparison.Ordinal);
        Assert.Contains("FixedLatitude must be between -90 and 90", all, StringComparison.Ordinal);
        Assert.Contains("Location:SerialPort is required", all, StringComparison.Ordinal);
        Assert.Contains("Location:BaudRate 1234 is not one of", all, StringComparison.Ordinal);
        Assert.Contains("Location:StaleAfter must be positive", all, StringComparison.Ordinal);
        Assert.Empty(LocationOptionsValidator.Problems(new LocationOptions()));
    }

    [Fact]
    public void A_fixed_unit_is_stamped_with_its_point_even_with_a_receiver_and_is_told_when_it_was_moved()
    {
        var options = new LocationOptions
        {
            FixedLatitude = 41.8781,
            FixedLongitude = -87.6298,
            MovedAlarmMeters = 150,
        };
        var receiver = new GpsdClient("127.0.0.1", 1, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1), TimeProvider.System, NullLogger.Instance);
        var unit = new UnitLocation(options, receiver, TimeProvider.System, NullLogger.Instance);
        receiver.Handle("""{"class":"TPV","mode":3,"lat":41.8790,"lon":-87.6298}""", DateTimeOffset.UtcNow);
        Assert.InRange(unit.MovedMeters!.Value, 99, 101);
        receiver.Handle("""{"class":"TPV","mode":3,"lat":41.8981,"lon":-87.6298}""", DateTimeOffset.UtcNow);
        Assert.InRange(unit.MovedMeters!.Value, 2200, 2250);
        Assert.Equal(new Core.Reads.GeoPoint(41.8781, -87.6298, "fixed"), unit.ForRead());
    }
}
