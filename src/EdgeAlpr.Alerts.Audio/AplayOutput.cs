using System.Diagnostics;
using Microsoft.Extensions.Logging;

namespace EdgeAlpr.Alerts.Audio;

/// <summary>
/// Plays WAV through ALSA's aplay. A missing or busy sound device is not a crash: the alert
/// goes on visually, with a warning the first time and whenever the device comes back.
/// </summary>
public sealed class AplayOutput(AudioOptions options, ILogger logger)
{
    private bool _failing;

    /// <summary>True when the sound was played; false when no device could play it (already logged).</summary>
    public async Task<bool> PlayAsync(byte[] wav, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(wav);
        var start = new ProcessStartInfo("aplay")
        {
            RedirectStandardInput = true,
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        };
        foreach (string a in new[] { "-q", "-D", options.Device, "-" })
        {
            start.ArgumentList.Add(a);
        }

        string why;
        try
        {
            using Process process = Process.Start(start)!;
            // Cut short (a newer alert, or shutdown): the speaker must fall silent at once.
            using CancellationTokenRegistration stop = cancellationToken.Register(() => Silence(process));
            Task<string> errors = process.StandardError.ReadToEndAsync(cancellationToken);
            try
            {
                await process.StandardInput.BaseStream.WriteAsync(wav, cancellationToken).ConfigureAwait(false);
                process.StandardInput.Close();
            }
            catch (IOException)
            {
                // aplay gave up before reading it all (no device): its message says why.
            }

            await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
            if (process.ExitCode == 0)
            {
                if (_failing)
                {
                    logger.LogInformation("Alerts: sound device {Device} works again", options.Device);
                    _failing = false;
                }

                return true;
            }

            // ALSA explains itself over many lines; aplay's own last line says it best.
            why = (await errors.ConfigureAwait(false))
                .Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .LastOrDefault()
                ?? $"aplay exited {process.ExitCode}";
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            why = $"aplay is not installed ({ex.Message})";
        }

        if (!_failing)
        {
            logger.LogWarning("Alerts: cannot play sound on {Device}: {Reason}; alerts are visual only until it works", options.Device, why);
            _failing = true;
        }

        return false;
    }

    private static void Silence(Process process)
    {
        try
        {
            process.Kill();
        }
        catch (InvalidOperationException)
        {
            // It had already finished.
        }
    }
}
