using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Threading.Channels;
using EdgeAlpr.Capture;
using EdgeAlpr.Contracts.Wire;
using EdgeAlpr.Core.Evaluation;
using EdgeAlpr.Core.HotLists;
using EdgeAlpr.Core.Plates;
using EdgeAlpr.Core.Reads;
using EdgeAlpr.Core.Tracking;
using EdgeAlpr.Hosting.Commands;
using EdgeAlpr.Pipeline;
using EdgeAlpr.Recognition;
using EdgeAlpr.Synthesis;

namespace EdgeAlpr.Tools.Bench;

/// <summary>
/// <c>edge-alpr bench stream [--width 1920 --height 1080 --fps 25 --plates 6] [--json]</c>: one camera's path as the
/// agent runs it (the clip decoded by ffmpeg, sampled, motion-gated, recognised and tracked by the same
/// <see cref="StreamProcessor"/>) on a synthetic clip, with the motion gate on and off, first as fast as it goes, then
/// paced at the camera's rate as a live camera delivers (a full queue drops its oldest frame, as the agent's does):
/// frames per second, the CPU it takes, passes found against the vehicles in the clip, and how long after a vehicle's
/// last sighting its read, and its hit on the hot list, come out.
/// </summary>
public static class StreamBench
{
    // The agent's queue per live camera (CameraReaderOptions.QueueCapacity).
    private const int LiveQueue = 4;

    public static Command Create()
    {
        var width = new Option<int>("--width") { Description = "Clip width (default 1920)", DefaultValueFactory = _ => 1920 };
        var height = new Option<int>("--height") { Description = "Clip height (default 1080)", DefaultValueFactory = _ => 1080 };
        var fps = new Option<double>("--fps") { Description = "The camera's frame rate (default 25)", DefaultValueFactory = _ => 25 };
        var plates = new Option<int>("--plates") { Description = "Vehicles in the clip (default 6)", DefaultValueFactory = _ => 6 };
        var seed = new Option<int>("--seed") { Description = "Seed of the clip (default 7)", DefaultValueFactory = _ => 7 };
        var processFps = new Option<double>("--process-fps")
        {
            Description = "Frames per second recognised, as Agent:Cameras:N:Fps (default 10, the agent's; 0: every frame)",
            DefaultValueFactory = _ => 10,
        };
        var json = new Option<bool>("--json") { Description = "One JSON line per run, then the summary as the last line" };
        width.Between(64, 3840);
        height.Between(64, 2160);
        plates.Between(1, 100);
        var engine = new EngineOptions();
        var command = new Command(
            "stream",
            "One camera's path on a synthetic clip, motion gate on and off, flat out and at the camera's rate: frames/s, CPU, passes, read and hit latency"
        );
        foreach (Option o in new Option[] { width, height, fps, plates, seed, processFps, json })
        {
            command.Options.Add(o);
        }

        engine.AddTo(command);
        command.SetAction(
            (parse, ct) =>
            {
                double rate = parse.GetValue(fps),
                    process = parse.GetValue(processFps);
                if (rate is < 1 or > 120 || process < 0 || process > rate)
                {
                    Console.Error.WriteLine("edge-alpr: --fps must be between 1 and 120 and --process-fps between 0 and --fps");
                    return Task.FromResult(ExitCodes.UsageOrConfiguration);
                }

                Dictionary<string, string?> overrides = engine.Overrides(parse);
                // One ONNX Runtime thread unless told: the figure is what one camera costs of one core.
                overrides.TryAdd("Recognition:IntraOpThreads", "1");
                var clip = new ClipSpec(parse.GetValue(width), parse.GetValue(height), rate, parse.GetValue(plates), parse.GetValue(seed));
                return CommandRunner.RunAsync(
                    overrides,
                    engine.Models.LogLevel(parse),
                    (services, token) => RunAsync(services, clip, process, parse.GetValue(json), token),
                    ct
                );
            }
        );
        return command;
    }

    private static async Task<int> RunAsync(
        IServiceProvider services,
        ClipSpec spec,
        double processFps,
        bool json,
        CancellationToken cancellationToken
    )
    {
        string dir = Directory.CreateTempSubdirectory("edge-alpr-bench-stream-").FullName;
        try
        {
            string clip = Path.Combine(dir, "clip.mp4");
            await Console
                .Error.WriteLineAsync($"edge-alpr: bench stream: rendering {spec.Width}x{spec.Height} at {spec.Fps} fps, {spec.Plates} vehicles…")
                .ConfigureAwait(false);
            SyntheticTruth truth = new TrafficClipRenderer(spec.Width, spec.Height, spec.Fps).Render(clip, spec.Plates, spec.Seed, cancellationToken);
            // Every other vehicle is listed, as in bench agent: a read of one is a hit.
            HotListSnapshot list = Listed(truth.Plates.Where((_, i) => i % 2 == 1).Select(p => p.Text));
            using PlateRecognitionEngine engine = await CommandRunner.CreateEngineAsync(services, cancellationToken).ConfigureAwait(false);
            var runs = new List<StreamRun>();
            foreach ((bool paced, bool gate) in new[] { (false, true), (false, false), (true, true), (true, false) })
            {
                string name = $"{(paced ? "camera_rate" : "flat_out")}_gate_{(gate ? "on" : "off")}";
                await Console.Error.WriteLineAsync($"edge-alpr: bench stream: {name}…").ConfigureAwait(false);
                StreamRun run = await RunOnceAsync(name, engine, clip, truth, list, paced, gate, processFps, cancellationToken).ConfigureAwait(false);
                runs.Add(run);
                if (json)
                {
                    await Console.Out.WriteLineAsync(WireJson.Line(run)).ConfigureAwait(false);
                }
            }

            StreamRun pacedOn = runs[2];
            // The agent's share and ffmpeg's decoding of the camera's stream together are one camera's cost.
            double perCamera = pacedOn.CpuShare + pacedOn.DecoderCpuShare;
            var summary = new StreamSummary(
                spec.Width,
                spec.Height,
                spec.Fps,
                processFps,
                truth.Frames,
                truth.Plates.Count,
                runs[0].FramesPerSecond,
                runs[1].FramesPerSecond,
                runs[0].FramesPerSecond / spec.Fps >= 1 && runs[1].FramesPerSecond / spec.Fps >= 1,
                WireJson.Round(perCamera, 3),
                perCamera > 0 ? (int)Math.Floor(2 / perCamera) : 0,
                runs.All(r => r.Missed == 0),
                pacedOn.ReadLatencyP50Ms,
                pacedOn.ReadLatencyP99Ms,
                pacedOn.HitLatencyP50Ms,
                pacedOn.HitLatencyP99Ms,
                new TrackerOptions().CloseAfter.TotalMilliseconds
            );
            await Console.Out.WriteLineAsync(json ? WireJson.Line(summary) : Describe(runs, summary)).ConfigureAwait(false);
            return ExitCodes.Ok;
        }
        finally
        {
            try
            {
                Directory.Delete(dir, recursive: true);
            }
            catch (IOException)
            {
                // A temporary folder; the system cleans it eventually.
            }
        }
    }

    private static async Task<StreamRun> RunOnceAsync(
        string name,
        PlateRecognitionEngine engine,
        string clip,
        SyntheticTruth truth,
        HotListSnapshot list,
        bool paced,
        bool gate,
        double processFps,
        CancellationToken cancellationToken
    )
    {
        long dropped = 0;
        var frames = Channel.CreateBounded<CapturedFrame>(
            new BoundedChannelOptions(LiveQueue)
            {
                FullMode = paced ? BoundedChannelFullMode.DropOldest : BoundedChannelFullMode.Wait,
                SingleReader = true,
                SingleWriter = true,
            },
            frame =>
            {
                frame.Dispose();
                Interlocked.Increment(ref dropped);
            }
        );
        var processor = new StreamProcessor(
            engine,
            new ProcessorOptions
            {
                DeviceId = "bench",
                CameraId = "bench-cam",
                TargetFps = processFps,
                MotionGate = gate,
            }
        );
        using var process = Process.GetCurrentProcess();
        TimeSpan cpuBefore = process.TotalProcessorTime;
        double childrenBefore = ChildrenCpuSeconds();
        long started = Stopwatch.GetTimestamp();
        Task feeding = Task.Run(() => FeedAsync(clip, engine, frames.Writer, paced, started, cancellationToken), cancellationToken);
        var reads = new List<PlateRead>();
        var readMs = new List<double>();
        var hitMs = new List<double>();
        int atEnd = 0;
        try
        {
            await foreach (PlateRead read in processor.RunAsync(frames.Reader, cancellationToken).ConfigureAwait(false))
            {
                DateTimeOffset emitted = DateTimeOffset.UtcNow;
                bool hit = list.Hits(read.Candidates, null, emitted).Count > 0;
                DateTimeOffset decided = DateTimeOffset.UtcNow;
                reads.Add(read);
                if (paced && feeding.IsCompleted && frames.Reader.Count == 0)
                {
                    // The clip has ended and its last frame is taken: what comes now is flushed by the end of the stream,
                    // without the tracker's wait a live camera's passes have; not a latency.
                    atEnd++;
                }
                else if (paced)
                {
                    // Paced, a frame's capture time is the moment it was handed over, as from a live camera.
                    readMs.Add((emitted - read.LastSeen).TotalMilliseconds);
                    if (hit)
                    {
                        hitMs.Add((decided - read.LastSeen).TotalMilliseconds);
                    }
                }
            }
        }
        finally
        {
            await feeding.ConfigureAwait(false);
        }

        double seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        process.Refresh();
        double cpu = (process.TotalProcessorTime - cpuBefore).TotalSeconds;
        double decoder = ChildrenCpuSeconds() - childrenBefore;
        // A vehicle's pass is found when a read is its plate or a misreading of it (two edits at most): the pass was
        // not missed, though the plate may be misread; read exactly counts the plates right.
        int found = truth.Plates.Count(p => reads.Any(r => PlateText.EditDistance(r.Plate, p.Text) <= 2));
        int exact = truth.Plates.Count(p => reads.Any(r => r.Plate == p.Text));
        ProcessorStats stats = processor.Stats;
        return new StreamRun(
            name,
            stats.FramesReceived,
            Interlocked.Read(ref dropped),
            stats.FramesProcessed,
            stats.SkippedByMotion,
            stats.SkippedByRate,
            WireJson.Round(seconds, 2),
            WireJson.Round(stats.FramesReceived / seconds, 1),
            WireJson.Round(stats.FramesProcessed / seconds, 1),
            WireJson.Round(cpu / seconds, 3),
            WireJson.Round(decoder / seconds, 3),
            WireJson.Round((cpu + decoder) * 1000 / Math.Max(1, stats.FramesReceived + Interlocked.Read(ref dropped)), 2),
            truth.Plates.Count,
            reads.Count,
            found,
            exact,
            truth.Plates.Count - found,
            atEnd,
            Latency(readMs, 50),
            Latency(readMs, 99),
            Latency(hitMs, 50),
            Latency(hitMs, 99)
        );
    }

    /// <summary>The clip's frames into the queue: paced, each at its time in the clip from the start (a live camera), or as fast as taken.</summary>
    private static async Task FeedAsync(
        string clip,
        PlateRecognitionEngine engine,
        ChannelWriter<CapturedFrame> writer,
        bool paced,
        long started,
        CancellationToken cancellationToken
    )
    {
        try
        {
            using IFrameSource source = FrameSources.Create(clip, 25, engine.Pictures);
            source.Open();
            DateTimeOffset origin = DateTimeOffset.UtcNow;
            long index = 0;
            while (source.Read() is { } frame)
            {
                if (paced && frame.StreamTime - Stopwatch.GetElapsedTime(started) is { Ticks: > 0 } early)
                {
                    await Task.Delay(early, cancellationToken).ConfigureAwait(false);
                }

                DateTimeOffset at = paced ? DateTimeOffset.UtcNow : origin + frame.StreamTime;
                await writer.WriteAsync(new CapturedFrame(frame.Image, index++, at), cancellationToken).ConfigureAwait(false);
            }

            writer.Complete();
        }
        catch (Exception ex)
        {
            writer.Complete(ex);
        }
    }

    private static HotListSnapshot Listed(IEnumerable<string> plates)
    {
        var builder = new HotListSnapshotBuilder(HotListPolicy.Default, OcrEquivalence.Default, 5);
        foreach (string plate in plates)
        {
            builder.TryAdd(
                new HotListEntry
                {
                    Plate = plate,
                    Category = HotListCategory.StolenVehicle,
                    Source = "LOCAL",
                    Reason = "edge-alpr bench stream",
                    EnteredBy = "edge-alpr bench stream",
                    EnteredAt = DateTimeOffset.UtcNow,
                    Origin = HotListOrigin.Local,
                }
            );
        }

        return builder.Build(DateTimeOffset.UtcNow);
    }

    private static double? Latency(List<double> ms, int percentile) => ms.Count == 0 ? null : WireJson.Round(Percentile.Of(ms, percentile), 1);

    /// <summary>CPU seconds of this process's children that have ended (ffmpeg, once its source is closed): /proc/self/stat's cutime and cstime.</summary>
    private static double ChildrenCpuSeconds()
    {
        string stat = File.ReadAllText("/proc/self/stat");
        // Fields after the command name (which may hold spaces), in brackets: cutime and cstime are the 16th and 17th fields.
        string[] fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        long ticks = long.Parse(fields[13], CultureInfo.InvariantCulture) + long.Parse(fields[14], CultureInfo.InvariantCulture);
        return ticks / 100.0;
    }

    private static string Describe(List<StreamRun> runs, StreamSummary s) =>
        string.Join(
            '\n',
            runs.Select(r =>
                string.Create(
                    CultureInfo.InvariantCulture,
                    $"{r.Run, -20} {r.FramesPerSecond, 6} frames/s ({r.ProcessedPerSecond} recognised/s, {r.Dropped} dropped); CPU {r.CpuShare:P0} + ffmpeg {r.DecoderCpuShare:P0}; passes {r.Passes}, vehicles {r.Vehicles} ({r.VehiclesReadExactly} read exactly), missed {r.Missed}; read p50/p99 {r.ReadLatencyP50Ms?.ToString(CultureInfo.InvariantCulture) ?? "–"}/{r.ReadLatencyP99Ms?.ToString(CultureInfo.InvariantCulture) ?? "–"} ms"
                )
            )
        )
        + string.Create(
            CultureInfo.InvariantCulture,
            $"\none camera at {s.Fps} fps costs {s.CpuPerCamera:P0} of a core with its decoding; two cores hold {s.CamerasPerTwoCores} cameras"
        );

    private sealed record ClipSpec(int Width, int Height, double Fps, int Plates, int Seed);

    private sealed record StreamRun(
        string Run,
        long Frames,
        long Dropped,
        long FramesRecognised,
        long SkippedByMotion,
        long SkippedByRate,
        double Seconds,
        double FramesPerSecond,
        double ProcessedPerSecond,
        double CpuShare,
        double DecoderCpuShare,
        double CpuMsPerFrame,
        int Vehicles,
        int Passes,
        int VehiclesFound,
        int VehiclesReadExactly,
        int Missed,
        int ReadsAtEnd,
        double? ReadLatencyP50Ms,
        double? ReadLatencyP99Ms,
        double? HitLatencyP50Ms,
        double? HitLatencyP99Ms
    );

    private sealed record StreamSummary(
        int Width,
        int Height,
        double Fps,
        double ProcessFps,
        int Frames,
        int Vehicles,
        double FlatOutFpsGateOn,
        double FlatOutFpsGateOff,
        bool KeepsUp,
        double CpuPerCamera,
        int CamerasPerTwoCores,
        bool NoPassMissed,
        double? ReadLatencyP50Ms,
        double? ReadLatencyP99Ms,
        double? HitLatencyP50Ms,
        double? HitLatencyP99Ms,
        double TrackerCloseAfterMs
    );
}
