using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Logging;

namespace EdgeAlpr.Alerts.Audio;

/// <summary>Spoken announcements through Debian's espeak-ng: text in, 16-bit mono WAV out.</summary>
public sealed class EspeakVoice(AudioOptions options, ILogger logger)
{
    private bool _warned;

    /// <summary>The announcement as WAV, or null (with one warning) when espeak-ng is not there or fails.</summary>
    public async Task<byte[]?> SpeakAsync(string text, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo("espeak-ng") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (
            string a in new[] { "-v", options.Voice, "-s", options.WordsPerMinute.ToString(CultureInfo.InvariantCulture), "--stdout", "--", text }
        )
        {
            start.ArgumentList.Add(a);
        }

        try
        {
            using Process process = Process.Start(start)!;
            using var wav = new MemoryStream();
            Task<string> errors = process.StandardError.ReadToEndAsync(cancellationToken);
            await process.StandardOutput.BaseStream.CopyToAsync(wav, cancellationToken).ConfigureAwait(false);
            await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
            if (process.ExitCode != 0 || wav.Length < 44)
            {
                return Failed($"espeak-ng exited {process.ExitCode}: {(await errors.ConfigureAwait(false)).Trim()}");
            }

            return wav.ToArray();
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            return Failed($"espeak-ng is not installed ({ex.Message})");
        }
    }

    private byte[]? Failed(string why)
    {
        if (!_warned)
        {
            logger.LogWarning("Alerts: no spoken announcements: {Reason}; tones and the screen still alert", why);
            _warned = true;
        }

        return null;
    }
}
