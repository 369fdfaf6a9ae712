using EdgeAlpr.Core.Alerts;

namespace EdgeAlpr.Alerts.Audio;

/// <summary>Renders a tone pattern as samples: sine beeps with 5 ms fades (no clicks), silence between.</summary>
public static class ToneSynth
{
    private const double Amplitude = 0.6 * short.MaxValue;
    private const double FadeMs = 5;

    public static short[] Render(TonePattern pattern, int sampleRate = Wav.SampleRate)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        var samples = new short[(int)((long)pattern.TotalMs * sampleRate / 1000)];
        int at = 0;
        foreach (ToneStep step in pattern.Steps)
        {
            int n = step.DurationMs * sampleRate / 1000;
            int fade = (int)(FadeMs * sampleRate / 1000);
            for (int i = 0; i < n && at + i < samples.Length; i++)
            {
                double envelope = Math.Min(1, Math.Min(i, n - 1 - i) / (double)fade);
                samples[at + i] = (short)(Amplitude * envelope * Math.Sin(2 * Math.PI * step.FrequencyHz * i / sampleRate));
            }

            at += n + (step.GapMs * sampleRate / 1000);
        }

        return samples;
    }
}
