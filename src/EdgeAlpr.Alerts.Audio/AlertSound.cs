using EdgeAlpr.Core.Alerts;

namespace EdgeAlpr.Alerts.Audio;

/// <summary>The sound of an alert: its level's tone, then (when it is spoken) the announcement, as one WAV.</summary>
public sealed class AlertSound(AudioOptions options, EspeakVoice voice)
{
    /// <summary>The WAV to play, or null when the alert makes no sound (covert unit, quiet match, audio off).</summary>
    public async Task<byte[]?> ComposeAsync(Alert alert, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(alert);
        if (!alert.Audible || !options.Enabled)
        {
            return null;
        }

        short[] tone = ToneSynth.Render(alert.Tone);
        if (!alert.Spoken || await voice.SpeakAsync(alert.Announcement, cancellationToken).ConfigureAwait(false) is not { } spoken)
        {
            return Wav.Write(tone);
        }

        (short[] words, int rate) = Wav.Read(spoken);
        if (rate != Wav.SampleRate)
        {
            words = Resample(words, rate, Wav.SampleRate);
        }

        int pause = options.PauseMs * Wav.SampleRate / 1000;
        var all = new short[tone.Length + pause + words.Length];
        tone.CopyTo(all, 0);
        words.CopyTo(all, tone.Length + pause);
        return Wav.Write(all);
    }

    /// <summary>Linear resampling: enough for speech from a voice built for another rate.</summary>
    private static short[] Resample(short[] samples, int from, int to)
    {
        var result = new short[(int)((long)samples.Length * to / from)];
        for (int i = 0; i < result.Length; i++)
        {
            double at = (double)i * from / to;
            int j = (int)at;
            double f = at - j;
            short a = samples[Math.Min(j, samples.Length - 1)],
                b = samples[Math.Min(j + 1, samples.Length - 1)];
            result[i] = (short)(a + ((b - a) * f));
        }

        return result;
    }
}
