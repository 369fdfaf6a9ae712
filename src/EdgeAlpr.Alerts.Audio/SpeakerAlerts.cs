using EdgeAlpr.Application.Ports;
using EdgeAlpr.Core.Alerts;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EdgeAlpr.Alerts.Audio;

/// <summary>
/// The application's <see cref="IAlertSound"/> on the unit's speaker: the alert's tone and
/// announcement (<see cref="AlertSound"/>, espeak-ng) played through ALSA (<see cref="AplayOutput"/>).
/// </summary>
public sealed class SpeakerAlerts(AudioOptions options, ILogger<SpeakerAlerts> logger) : IAlertSound
{
    private readonly AplayOutput _speaker = new(options, logger);
    private readonly AlertSound _sound = new(options, new EspeakVoice(options, logger));

    public async Task PlayAsync(Alert alert, CancellationToken cancellationToken)
    {
        if (await _sound.ComposeAsync(alert, cancellationToken).ConfigureAwait(false) is { } wav)
        {
            await _speaker.PlayAsync(wav, cancellationToken).ConfigureAwait(false);
        }
    }
}

public static class AudioServices
{
    /// <summary>Alert sound on the speaker as the application's <see cref="IAlertSound"/>; needs <see cref="AudioOptions"/> bound.</summary>
    public static IServiceCollection AddAudioAlerts(this IServiceCollection services)
    {
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<AudioOptions>>().Value);
        services.AddSingleton<IAlertSound, SpeakerAlerts>();
        return services;
    }
}
