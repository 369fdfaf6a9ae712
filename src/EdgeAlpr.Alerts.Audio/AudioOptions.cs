namespace EdgeAlpr.Alerts.Audio;

/// <summary>In-cab sound (configuration section <c>Alerts:Audio</c>).</summary>
public sealed class AudioOptions
{
    public const string Section = "Alerts:Audio";

    /// <summary>Off on units without a speaker (a pole camera).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>ALSA device for aplay (<c>aplay -L</c> lists them).</summary>
    public string Device { get; set; } = "default";

    /// <summary>espeak-ng voice for announcements.</summary>
    public string Voice { get; set; } = "en-us";

    /// <summary>Speed of the spoken announcement (espeak-ng).</summary>
    public int WordsPerMinute { get; set; } = 150;

    /// <summary>Silence between the tone and the announcement.</summary>
    public int PauseMs { get; set; } = 300;
}
