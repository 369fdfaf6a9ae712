namespace EdgeAlpr.Synthesis;

/// <summary>
/// Gaussian sensor noise from a fixed bank of samples drawn once per clip from a seeded
/// generator; each frame reads the bank from its own random offset. A fresh normal sample per
/// pixel would cost a logarithm and a square root 2.8 million times a frame, which is most of
/// a frame's rendering time (and far more under emulation); the bank is as random to the eye
/// and to the detector, and as deterministic for a seed.
/// </summary>
internal sealed class SensorGrain
{
    private const int BankLength = 1 << 20;
    private readonly short[] _bank = new short[BankLength];
    private readonly Random _noise;

    public SensorGrain(Random noise)
    {
        _noise = noise;
        for (int i = 0; i < BankLength; i += 2)
        {
            // Box–Muller: two standard normals per pair of uniforms, kept ×256 as integers.
            double u1 = 1.0 - noise.NextDouble(),
                u2 = noise.NextDouble();
            double r = Math.Sqrt(-2.0 * Math.Log(u1));
            _bank[i] = (short)Math.Clamp(Math.Round(r * Math.Cos(2 * Math.PI * u2) * 256), short.MinValue, short.MaxValue);
            _bank[i + 1] = (short)Math.Clamp(Math.Round(r * Math.Sin(2 * Math.PI * u2) * 256), short.MinValue, short.MaxValue);
        }
    }

    /// <summary>Adds noise of the given standard deviation (grey levels) to every byte, saturating.</summary>
    public void AddTo(Span<byte> pixels, int deviation)
    {
        int offset = _noise.Next(BankLength);
        for (int i = 0; i < pixels.Length; i++)
        {
            int n = _bank[(offset + i) & (BankLength - 1)];
            pixels[i] = (byte)Math.Clamp(pixels[i] + (((n * deviation) + 128) >> 8), 0, 255);
        }
    }
}
