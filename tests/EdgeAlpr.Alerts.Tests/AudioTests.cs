using EdgeAlpr.Alerts.Audio;
using EdgeAlpr.Core.Alerts;
using EdgeAlpr.Core.HotLists;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace EdgeAlpr.Alerts.Tests;

/// <summary>The alert sounds, measured with sox as an engineer would check them by ear.</summary>
public sealed class AudioTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("edge-alpr-audio-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Theory]
    [InlineData(AlertLevel.Standard, 660)]
    [InlineData(AlertLevel.Low, 440)]
    [InlineData(AlertLevel.High, 880)]
    public async Task Each_tone_has_its_duration_and_frequency(AlertLevel level, double hz)
    {
        TonePattern pattern = TonePattern.For(level);
        string path = Path.Combine(_folder, $"{level}.wav");
        await File.WriteAllBytesAsync(path, Wav.Write(ToneSynth.Render(pattern)));
        (double seconds, double rough, int rate) = await Sox.StatAsync(path);
        Assert.Equal(Wav.SampleRate, rate);
        Assert.Equal(pattern.TotalMs / 1000.0, seconds, 2);
        Assert.InRange(rough, hz * 0.97, hz * 1.03);
    }

    [Fact]
    public async Task The_critical_tone_warbles_between_two_pitches()
    {
        string path = Path.Combine(_folder, "critical.wav");
        await File.WriteAllBytesAsync(path, Wav.Write(ToneSynth.Render(TonePattern.Critical)));
        (double seconds, double rough, _) = await Sox.StatAsync(path);
        Assert.Equal(TonePattern.Critical.TotalMs / 1000.0, seconds, 2);
        Assert.InRange(rough, 960 * 0.95, 1440 * 1.05);

        // Each half on its own: the first beep is the low pitch, the second the high one.
        short[] samples = ToneSynth.Render(TonePattern.Critical);
        int beep = 160 * Wav.SampleRate / 1000,
            gap = 40 * Wav.SampleRate / 1000;
        string low = Path.Combine(_folder, "low.wav"),
            high = Path.Combine(_folder, "high.wav");
        await File.WriteAllBytesAsync(low, Wav.Write(samples.AsSpan(0, beep)));
        await File.WriteAllBytesAsync(high, Wav.Write(samples.AsSpan(beep + gap, beep)));
        Assert.InRange((await Sox.StatAsync(low)).RoughHz, 930, 990);
        Assert.InRange((await Sox.StatAsync(high)).RoughHz, 1400, 1480);
    }

    [Fact]
    public async Task A_stolen_vehicle_alert_is_its_tone_then_the_spoken_plate()
    {
        var options = new AudioOptions();
        var sound = new AlertSound(options, new EspeakVoice(options, NullLogger.Instance));
        Alert alert = AlertComposer.Compose(Hit(HotListCategory.StolenVehicle), AlertPolicy.Default);
        byte[] wav = (await sound.ComposeAsync(alert, CancellationToken.None))!;
        string path = Path.Combine(_folder, "stolen.wav");
        await File.WriteAllBytesAsync(path, wav);
        (double seconds, _, int rate) = await Sox.StatAsync(path);
        Assert.Equal(Wav.SampleRate, rate);
        // "Stolen vehicle. Plate Alpha Bravo Charlie one two three. Unverified. Verify before action." takes several seconds.
        Assert.InRange(seconds, (TonePattern.High.TotalMs + options.PauseMs) / 1000.0 + 3, 20);

        (short[] samples, _) = Wav.Read(wav);
        int toneEnd = TonePattern.High.TotalMs * Wav.SampleRate / 1000;
        Assert.All(samples.AsSpan(toneEnd + 10, (options.PauseMs * Wav.SampleRate / 1000) - 20).ToArray(), s => Assert.Equal(0, s));
        Assert.Contains(samples.Skip(toneEnd + (options.PauseMs * Wav.SampleRate / 1000)), s => Math.Abs((int)s) > 1000);
    }

    [Fact]
    public async Task A_covert_unit_and_a_quiet_match_make_no_sound()
    {
        var options = new AudioOptions();
        var sound = new AlertSound(options, new EspeakVoice(options, NullLogger.Instance));
        var covert = AlertPolicy.Create(
            HotListPolicy.Default,
            new Dictionary<string, AlertStyleSettings>(),
            covert: true,
            AlertPolicy.DefaultCooldown,
            null
        );
        Assert.Null(await sound.ComposeAsync(AlertComposer.Compose(Hit(HotListCategory.AmberAlert), covert), CancellationToken.None));
        Assert.Null(
            await sound.ComposeAsync(
                AlertComposer.Compose(Hit(HotListCategory.AmberAlert) with { Kind = MatchKind.ExtraCharacter, Score = 0.2f }, AlertPolicy.Default),
                CancellationToken.None
            )
        );
    }

    [Fact]
    public async Task A_missing_sound_device_degrades_to_visual_alerts_with_one_warning()
    {
        var logger = new CountingLogger();
        var output = new AplayOutput(new AudioOptions { Device = "edge-alpr-no-such-device" }, logger);
        byte[] wav = Wav.Write(ToneSynth.Render(TonePattern.Low));
        Assert.False(await output.PlayAsync(wav, CancellationToken.None));
        Assert.False(await output.PlayAsync(wav, CancellationToken.None));
        Assert.Equal(1, logger.Warnings);
        Assert.Contains("alerts are visual only", logger.Last, StringComparison.Ordinal);
    }

    [Fact]
    public void A_WAV_that_is_not_16_bit_mono_PCM_is_refused_with_the_reason()
    {
        byte[] wav = Wav.Write(new short[10]);
        wav[22] = 2; // stereo
        Assert.Contains("16-bit PCM mono expected", Assert.Throws<InvalidDataException>(() => Wav.Read(wav)).Message, StringComparison.Ordinal);
        Assert.Throws<InvalidDataException>(() => Wav.Read("not a wav"u8));
    }

    private static HotListHit Hit(HotListCategory category) =>
        new(
            new HotListEntry
            {
                Plate = "ABC123",
                State = "IL",
                Category = category,
                Source = "NCIC",
            },
            MatchKind.Exact,
            1f,
            "ABC123",
            0,
            HotListCategories.DefaultPriority(category),
            true
        );

    private sealed class CountingLogger : ILogger
    {
        public int Warnings { get; private set; }

        public string Last { get; private set; } = "";

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (logLevel == LogLevel.Warning)
            {
                Warnings++;
                Last = formatter(state, exception);
            }
        }
    }
}
