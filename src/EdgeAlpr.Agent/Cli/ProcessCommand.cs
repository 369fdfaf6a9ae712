using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using EdgeAlpr.Application.ReadPath;
using EdgeAlpr.Contracts;
using EdgeAlpr.Contracts.Reads;
using EdgeAlpr.Contracts.Wire;
using EdgeAlpr.Core.Capture;
using EdgeAlpr.Core.Plates;
using EdgeAlpr.Core.Reads;
using EdgeAlpr.Core.Tracking;
using EdgeAlpr.Hosting.Commands;
using EdgeAlpr.HotLists;
using EdgeAlpr.Location;
using EdgeAlpr.Pipeline;
using EdgeAlpr.Recognition;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EdgeAlpr.Agent.Cli;

/// <summary>
/// <c>edge-alpr process --source … --out reads.jsonl</c>: one camera or recording to reads,
/// one JSON line per vehicle pass, evidence images as content-addressed files beside it.
/// </summary>
internal static class ProcessCommand
{
    public static Command Create()
    {
        var source = new Option<string[]>("--source")
        {
            Description = "Video file, folder of pictures, /dev/videoN, or rtsp:// / http:// URL; repeat for several cameras",
            Required = true,
        };
        var output = new Option<string>("--out") { Description = "Reads file (JSON lines); images go to a folder beside it", Required = true };
        var camera = new Option<string[]>("--camera") { Description = "Camera id per --source, in the same order (default cam1, cam2, …)" };
        var direction = new Option<string[]>("--direction")
        {
            Description = "Direction per --source, in the same order (e.g. northbound), written on its reads",
        };
        var budget = new Option<int>("--max-concurrent")
        {
            Description = "Frames recognised at once across all cameras: the CPU budget (default 1; each run already uses every core)",
            DefaultValueFactory = _ => 1,
        };
        var device = new Option<string>("--device-id")
        {
            Description = "Device id written on every read (default: the host name)",
            DefaultValueFactory = _ => Environment.MachineName,
        };
        var fps = new Option<double>("--fps")
        {
            Description = "Frames per second to process (default 10; 0: every frame); also the rate a folder of pictures plays at",
            DefaultValueFactory = _ => 10,
        };
        var zone = new Option<string?>("--zone") { Description = "Detection zone polygon in pixels: \"x1,y1 x2,y2 x3,y3 …\"" };
        var minWidth = new Option<int>("--min-plate-width")
        {
            Description = "Ignore plates narrower than this many pixels (default 20)",
            DefaultValueFactory = _ => 20,
        };
        var motion = new Option<bool>("--motion-gate")
        {
            Description = "Skip frames without motion: true (default) or false",
            DefaultValueFactory = _ => true,
        };
        var location = new Option<string?>("--location") { Description = "Fixed camera position \"latitude,longitude\"" };
        var retries = new Option<int>("--retries")
        {
            Description = "Reconnect attempts in a row before a lost live stream is given up (default 5; 0: forever)",
            DefaultValueFactory = _ => 5,
        };
        var hotList = new Option<string?>("--hotlist")
        {
            Description = "Match every read against the hot list kept in this folder (as 'edge-alpr hotlist --dir')",
        };
        var publicKey = new Option<string?>("--public-key")
        {
            Description = "The platform's public key, to check the kept hot list (default: HotList:PublicKeyPath)",
        };
        var state = new Option<string?>("--state")
        {
            Description = "State or jurisdiction of the plates this unit sees, for hot-list matching (e.g. IL)",
        };
        var defaults = new PassAcceptanceOptions();
        var minConfidence = new Option<float>("--min-confidence")
        {
            Description =
                $"A pass at least this sure of its reading is a read (default {defaults.MinConfidence.ToString(CultureInfo.InvariantCulture)}); a less sure one needs --min-agreeing-frames",
            DefaultValueFactory = _ => defaults.MinConfidence,
        };
        var minAgreeing = new Option<int>("--min-agreeing-frames")
        {
            Description = $"Frames reading a pass's text exactly that make a less sure pass a read (default {defaults.MinAgreeingFrames})",
            DefaultValueFactory = _ => defaults.MinAgreeingFrames,
        };
        var engine = new EngineOptions();
        var command = new Command("process", "Turn a camera stream or recording into reads: one JSON line per vehicle pass");
        foreach (
            Option o in new Option[]
            {
                source,
                output,
                camera,
                direction,
                device,
                fps,
                zone,
                minWidth,
                motion,
                location,
                retries,
                budget,
                hotList,
                publicKey,
                state,
                minConfidence,
                minAgreeing,
            }
        )
        {
            command.Options.Add(o);
        }

        engine.AddTo(command);
        command.SetAction(
            (parse, ct) =>
            {
                DetectionZone? parsedZone;
                GeoPoint? parsedLocation;
                PassAcceptanceOptions acceptance;
                try
                {
                    parsedZone = parse.GetValue(zone) is { } z ? DetectionZone.Parse(z) : null;
                    parsedLocation = parse.GetValue(location) is { } l ? ParseLocation(l) : null;
                    float sure = parse.GetValue(minConfidence);
                    // A lower --min-confidence lowers with it the floor under which no agreement confirms a pass.
                    acceptance = new PassAcceptanceOptions
                    {
                        MinConfidence = sure,
                        MinAgreeingFrames = parse.GetValue(minAgreeing),
                        MinAgreedConfidence = Math.Clamp(sure, 0f, defaults.MinAgreedConfidence),
                    };
                    if (acceptance.Validate() is { Count: > 0 } problems)
                    {
                        throw new FormatException(
                            string.Join("; ", problems)
                                .Replace("MinConfidence", "--min-confidence")
                                .Replace("MinAgreeingFrames", "--min-agreeing-frames")
                        );
                    }
                }
                catch (FormatException ex)
                {
                    Console.Error.WriteLine($"edge-alpr: {ex.Message}");
                    return Task.FromResult(ExitCodes.UsageOrConfiguration);
                }

                string[] sources = parse.GetValue(source)!;
                string[] cameras = parse.GetValue(camera) ?? [];
                string[] directions = parse.GetValue(direction) ?? [];
                if ((cameras.Length != 0 && cameras.Length != sources.Length) || (directions.Length != 0 && directions.Length != sources.Length))
                {
                    Console.Error.WriteLine($"edge-alpr: give one --camera and one --direction per --source ({sources.Length}), or none");
                    return Task.FromResult(ExitCodes.UsageOrConfiguration);
                }

                if (cameras.Distinct(StringComparer.Ordinal).Count() != cameras.Length || parse.GetValue(budget) < 1)
                {
                    Console.Error.WriteLine("edge-alpr: camera ids must be unique, and --max-concurrent at least 1");
                    return Task.FromResult(ExitCodes.UsageOrConfiguration);
                }

                var feeds = sources
                    .Select((src, i) => new Feed(src, cameras.Length > 0 ? cameras[i] : $"cam{i + 1}", directions.Length > 0 ? directions[i] : null))
                    .ToList();
                var settings = new Settings(
                    feeds,
                    parse.GetValue(output)!,
                    parse.GetValue(device)!,
                    parse.GetValue(fps),
                    parsedZone,
                    parse.GetValue(minWidth),
                    parse.GetValue(motion),
                    parsedLocation,
                    parse.GetValue(retries),
                    parse.GetValue(budget),
                    parse.GetValue(hotList) is not null,
                    parse.GetValue(state) is { } st ? PlateText.Normalize(st) : null,
                    acceptance
                );
                Dictionary<string, string?> overrides = engine.Overrides(parse);
                EngineOptions.Set(overrides, "HotList:Directory", parse.GetValue(hotList));
                EngineOptions.Set(overrides, "HotList:PublicKeyPath", parse.GetValue(publicKey));
                return CommandRunner.RunAsync(overrides, engine.Models.LogLevel(parse), (services, token) => RunAsync(services, settings, token), ct);
            }
        );
        return command;
    }

    private static GeoPoint ParseLocation(string text)
    {
        string[] parts = text.Split(',', StringSplitOptions.TrimEntries);
        if (
            parts.Length != 2
            || !double.TryParse(parts[0], NumberStyles.Float, CultureInfo.InvariantCulture, out double lat)
            || !double.TryParse(parts[1], NumberStyles.Float, CultureInfo.InvariantCulture, out double lon)
        )
        {
            throw new FormatException($"--location must be \"latitude,longitude\", got '{text}'");
        }

        var point = new GeoPoint(lat, lon, "fixed");
        return point.Validate() is { Count: > 0 } problems ? throw new FormatException("--location: " + string.Join("; ", problems)) : point;
    }

    private static async Task<int> RunAsync(IServiceProvider services, Settings s, CancellationToken cancellationToken)
    {
        // Without --location, reads are stamped as the Location settings say: a fixed point, or the GPS fix of the
        // moment. The receiver starts first, so it has a fix by the time the models are loaded.
        ILogger locationLog = services.GetRequiredService<ILogger<UnitLocation>>();
        LocationOptions locationOptions = services.GetRequiredService<IOptions<LocationOptions>>().Value;
        IGpsSource? gps = s.Location is null ? GpsLocation.Receiver(locationOptions, TimeProvider.System, locationLog) : null;
        var unitLocation = new UnitLocation(locationOptions, gps, TimeProvider.System, locationLog);
        bool stamped = s.Location is null && (gps is not null || locationOptions.HasFixedPoint);
        ILoggerFactory logs = services.GetRequiredService<ILoggerFactory>();

        // The agent's read path: the same cameras-to-reads pipeline and the same matching; the reads
        // go to a JSON-lines file instead of the store, and hits raise no alerts.
        using var cameras = new CameraPipeline(
            new CameraPipelineOptions
            {
                DeviceId = s.Device,
                MaxConcurrent = s.MaxConcurrent,
                ReadQueue = null,
                IsolateFailures = false,
                PictureSkipped = (file, why) => Console.Error.WriteLine($"edge-alpr: skipped {file}: {why}"),
                Acceptance = s.Acceptance,
                MaxPicturePixels = services.GetRequiredService<IOptions<RecognitionOptions>>().Value.MaxPicturePixels,
                Cameras =
                [
                    .. s.Feeds.Select(feed => new CameraSettings
                    {
                        Id = feed.Camera,
                        Source = feed.Source,
                        Direction = feed.Direction,
                        Fps = s.Fps,
                        Zone = s.Zone,
                        MinPlateWidth = s.MinPlateWidth,
                        MotionGate = s.MotionGate,
                        Retries = s.Retries,
                        Location = s.Location,
                    }),
                ],
            },
            ct => CommandRunner.CreateEngineAsync(services, ct),
            stamped ? unitLocation : null,
            logs,
            TimeProvider.System
        );
        var matcher = new ReadMatcher(
            s.MatchHotList ? services.GetRequiredService<HotListService>() : null,
            new ReadPathOptions { State = s.State },
            new ReadPathCounters(),
            TimeProvider.System
        );
        using var path = new ReadFlow(cameras, matcher, unitLocation);
        await path.OpenAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (s.MatchHotList)
            {
                // Problems with the kept files are logged by the service; the list loads without them.
                await services.GetRequiredService<HotListService>().LoadAsync(cancellationToken).ConfigureAwait(false);
            }
        }
        catch
        {
            await path.CloseAsync().ConfigureAwait(false);
            throw;
        }

        string outPath = Path.GetFullPath(s.Out);
        string imageDir = outPath + ".images";
        Directory.CreateDirectory(Path.GetDirectoryName(outPath)!);
        Directory.CreateDirectory(imageDir);
        long started = Stopwatch.GetTimestamp();

        // Capture stops on Ctrl-C; processing then drains what was captured and closes every
        // open pass, so no vehicle already seen is lost. A camera that fails leaves the others running.
        int hitCount = 0;
        using var progress = new Timer(
            _ => Console.Error.WriteLine(ProgressLine(cameras.Feeds, started)),
            null,
            TimeSpan.FromSeconds(2),
            TimeSpan.FromSeconds(2)
        );
        await using (var writer = new StreamWriter(outPath, append: false))
        {
            await path.RunAsync(
                    async matched =>
                    {
                        PlateRead read = matched.Read;
                        ImageRecord plate = await SaveAsync(read.PlateImage, imageDir, outPath).ConfigureAwait(false);
                        ImageRecord context = await SaveAsync(read.ContextImage, imageDir, outPath).ConfigureAwait(false);
                        List<HitRecord>? hits = null;
                        if (matcher.Matches)
                        {
                            hits = [.. matched.Hits.Select(HitRecord.From)];
                            hitCount += hits.Count;
                            foreach (HitRecord hit in hits)
                            {
                                await Console
                                    .Error.WriteLineAsync(
                                        $"edge-alpr: POTENTIAL HIT {hit.Plate} ({hit.Category}, {hit.MatchKind}, score {hit.Score:F2}) read as {hit.MatchedText} on {read.CameraId}. {hit.Verify}"
                                    )
                                    .ConfigureAwait(false);
                            }
                        }

                        await writer
                            .WriteLineAsync(WireJson.Line(new ReadRecord(WireRead.From(read), plate, context) { Hits = hits }))
                            .ConfigureAwait(false);
                        await writer.FlushAsync(CancellationToken.None).ConfigureAwait(false);
                    },
                    cancellationToken
                )
                .ConfigureAwait(false);
        }

        await path.CloseAsync().ConfigureAwait(false);
        if (stamped && unitLocation.StaleReads > 0)
        {
            await Console
                .Error.WriteLineAsync(
                    $"edge-alpr: {unitLocation.StaleReads} reads have no location: the GPS fix was missing or older than {locationOptions.StaleAfter.TotalSeconds:F0} s"
                )
                .ConfigureAwait(false);
        }

        double seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        List<CameraSummary> perCamera = cameras
            .Feeds.Select(c =>
            {
                ProcessorStats st = c.Processor.Stats;
                return new CameraSummary(
                    c.Reader.CameraId,
                    c.Reader.Status?.State.ToString().ToLowerInvariant() ?? "unknown",
                    c.Reader.Status?.Reason,
                    c.Reader.Captured,
                    c.Reader.Dropped,
                    st.FramesReceived,
                    st.FramesProcessed,
                    st.SkippedByRate,
                    st.SkippedByMotion,
                    st.Reads,
                    st.Doubtful,
                    WireJson.Round(st.FramesReceived / Math.Max(seconds, 1e-6), 2),
                    WireJson.Round(st.FramesProcessed / Math.Max(seconds, 1e-6), 2)
                );
            })
            .ToList();
        // Reads are what was written; each doubtful pass not written is counted under its reason, so the
        // cameras' passes (reads and doubtful) add up to reads and suppressed.
        var summary = new ProcessSummary(
            perCamera.Sum(c => c.FramesReceived),
            perCamera.Sum(c => c.FramesProcessed),
            perCamera.Sum(c => c.FramesDropped),
            matcher.Counters.Reads,
            WireJson.Round(seconds, 2),
            WireJson.Round(perCamera.Sum(c => c.FramesProcessed) / Math.Max(seconds, 1e-6), 2),
            outPath,
            perCamera
        )
        {
            Hits = matcher.Matches ? hitCount : null,
            ReadsSuppressed = matcher.Counters.SuppressedReads(),
            DoubtfulReadsKept = matcher.Counters.DoubtfulReadsKept,
        };
        await Console.Out.WriteLineAsync(WireJson.Line(summary)).ConfigureAwait(false);
        foreach (CameraSummary failed in perCamera.Where(c => c.CameraState == "failed"))
        {
            await Console.Error.WriteLineAsync($"edge-alpr: camera {failed.Camera} failed: {failed.Reason}").ConfigureAwait(false);
        }

        if (cancellationToken.IsCancellationRequested)
        {
            return ExitCodes.Cancelled;
        }

        return perCamera.Any(c => c.CameraState == "failed") ? ExitCodes.SomeInputsFailed : ExitCodes.Ok;
    }

    /// <summary>Writes an evidence image once, named by its hash; an existing file must hold the same bytes.</summary>
    private static async Task<ImageRecord> SaveAsync(EvidenceImage image, string folder, string readsFile)
    {
        string path = Path.Combine(folder, image.Sha256 + ".jpg");
        if (!File.Exists(path))
        {
            string temp = path + ".partial";
            await File.WriteAllBytesAsync(temp, image.Bytes).ConfigureAwait(false);
            File.Move(temp, path, overwrite: true);
        }

        return new ImageRecord(Path.GetRelativePath(Path.GetDirectoryName(readsFile)!, path), image.Sha256, image.Bytes.Length, image.MediaType);
    }

    private static string ProgressLine(IReadOnlyList<CameraFeed> cameras, long started)
    {
        double seconds = Math.Max(Stopwatch.GetElapsedTime(started).TotalSeconds, 1e-6);
        return "edge-alpr: "
            + string.Join(
                "; ",
                cameras.Select(c =>
                    string.Create(
                        CultureInfo.InvariantCulture,
                        $"{c.Reader.CameraId}: {c.Processor.Stats.FramesReceived} frames, {c.Processor.Stats.FramesProcessed} processed ({c.Processor.Stats.FramesProcessed / seconds:F1}/s), {c.Processor.Stats.Reads} reads, {c.Reader.Dropped} dropped"
                    )
                )
            );
    }

    private sealed record Feed(string Source, string Camera, string? Direction);

    private sealed record Settings(
        IReadOnlyList<Feed> Feeds,
        string Out,
        string Device,
        double Fps,
        DetectionZone? Zone,
        int MinPlateWidth,
        bool MotionGate,
        GeoPoint? Location,
        int Retries,
        int MaxConcurrent,
        bool MatchHotList,
        string? State,
        PassAcceptanceOptions Acceptance
    );

    private sealed record CameraSummary(
        string Camera,
        string CameraState,
        string? Reason,
        long FramesCaptured,
        long FramesDropped,
        long FramesReceived,
        long FramesProcessed,
        long SkippedByRate,
        long SkippedByMotion,
        long Reads,
        long Doubtful,
        double FpsReceived,
        double FpsProcessed
    );

    private sealed record ProcessSummary(
        long FramesReceived,
        long FramesProcessed,
        long FramesDropped,
        long Reads,
        double Seconds,
        double FpsProcessed,
        string Out,
        IReadOnlyList<CameraSummary> Cameras
    )
    {
        /// <summary>Hot-list hits over all reads, when matching was on.</summary>
        public int? Hits { get; init; }

        /// <summary>Doubtful passes not written, per reason.</summary>
        public required WireSuppressedReads ReadsSuppressed { get; init; }

        /// <summary>Doubtful passes written because a mandatory hot-list hit kept them (counted in reads).</summary>
        public long DoubtfulReadsKept { get; init; }
    }
}
