namespace EdgeAlpr.Core.Location;

public static class GeoDistance
{
    private const double EarthRadiusM = 6_371_008.8; // mean radius (IUGG)

    /// <summary>Great-circle distance in metres (haversine): ample for "has this trailer been moved".</summary>
    public static double Meters(double lat1, double lon1, double lat2, double lon2)
    {
        double p1 = Radians(lat1),
            p2 = Radians(lat2);
        double dp = Radians(lat2 - lat1),
            dl = Radians(lon2 - lon1);
        double a = (Math.Sin(dp / 2) * Math.Sin(dp / 2)) + (Math.Cos(p1) * Math.Cos(p2) * Math.Sin(dl / 2) * Math.Sin(dl / 2));
        return 2 * EarthRadiusM * Math.Asin(Math.Min(1, Math.Sqrt(a)));
    }

    private static double Radians(double degrees) => degrees * Math.PI / 180;
}
