using System.Runtime.CompilerServices;
using System.Threading.Channels;
using EdgeAlpr.Capture;
using EdgeAlpr.Core.Capture;
using EdgeAlpr.Core.Geometry;
using EdgeAlpr.Core.Imaging;
using EdgeAlpr.Core.Reads;
using EdgeAlpr.Core.Recognition;
using EdgeAlpr.Core.Tracking;
using EdgeAlpr.Recognition;

namespace EdgeAlpr.Pipeline;

/// <summary>
/// Turns one camera's frames into reads: samples frames to the target rate, skips frames
/// without motion, recognises plates (inside the zone and wide enough), tracks them across
/// frames and, when a pass ends, emits one read with the pass's fused reading and the
/// evidence of its best frame: the plate and the vehicle around it, as JPEG, hashed. A pass not
/// trusted to be a read (<see cref="PassAcceptance"/>) is emitted all the same, marked with its
/// <see cref="PlateRead.Doubt"/> and counted: the read path decides, with the hot list in hand,
/// whether it is kept.
/// </summary>
public sealed class StreamProcessor
{
    private readonly PlateRecognitionEngine _engine;
    private readonly ProcessorOptions _options;
    private readonly PassAcceptance _acceptance;

    public StreamProcessor(PlateRecognitionEngine engine, ProcessorOptions options)
    {
        _engine = engine;
        _options = options;
        _acceptance = new PassAcceptance(options.Acceptance);
        if (options.Location?.Validate() is { Count: > 0 } problems)
        {
            throw new ArgumentException("invalid location: " + string.Join("; ", problems), nameof(options));
        }
    }

    public ProcessorStats Stats { get; } = new();

    public async IAsyncEnumerable<PlateRead> RunAsync(
        ChannelReader<CapturedFrame> frames,
        [EnumeratorCancellation] CancellationToken cancellationToken
    )
    {
        var tracker = new PlateTracker(_engine.FusedSpec, _options.Tracker, _engine.RegionRules);
        var sampler = new FrameSampler(_options.TargetFps);
        MotionGate? gate = _options.MotionGate ? new MotionGate(_engine.Pictures) : null;
        var pending = new List<PlatePass>();
        try
        {
            await foreach (CapturedFrame frame in frames.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                IReadOnlyList<PlatePass> closed;
                using (frame)
                {
                    Stats.Received();
                    if (!sampler.Take(frame.CapturedAt))
                    {
                        Stats.RateSkipped();
                        continue;
                    }

                    if (gate is not null && !gate.ShouldProcess(frame.Image, frame.CapturedAt))
                    {
                        Stats.MotionSkipped();
                        closed = tracker.Observe(frame.CapturedAt, frame.Index, []);
                    }
                    else
                    {
                        IReadOnlyList<RecognizedPlate> plates = await RecognizeAsync(frame.Image, cancellationToken).ConfigureAwait(false);
                        Stats.Processed();
                        Stats.Sighted(plates.Count);
                        // Copies of the regions outlive the frame; the tracker keeps only each track's best.
                        IDisposable?[] evidence = [.. plates.Select(p => (IDisposable?)Evidence.Copy(frame.Image, p.Box))];
                        closed = tracker.Observe(frame.CapturedAt, frame.Index, plates, evidence);
                    }
                }

                pending.AddRange(closed);
                while (pending.Count > 0)
                {
                    yield return ToRead(Take(pending));
                }
            }

            pending.AddRange(tracker.Flush());
            while (pending.Count > 0)
            {
                yield return ToRead(Take(pending));
            }
        }
        finally
        {
            // Stopped early: passes not turned into reads still hold their evidence.
            foreach (PlatePass pass in pending.Concat(tracker.Flush()))
            {
                pass.Best.Evidence?.Dispose();
            }
        }
    }

    private async Task<IReadOnlyList<RecognizedPlate>> RecognizeAsync(BgrPicture image, CancellationToken cancellationToken)
    {
        if (_options.InferenceSlots is { } slots)
        {
            await slots.WaitAsync(cancellationToken).ConfigureAwait(false);
        }

        try
        {
            // A box the OCR reads as nothing (padding only) is not a plate sighting.
            return _engine
                .Recognize(image)
                .Plates.Where(p => p.Text.Length > 0 && p.Box.Width >= _options.MinPlateWidth && (_options.Zone?.Contains(p.Box) ?? true))
                .ToList();
        }
        finally
        {
            _options.InferenceSlots?.Release();
        }
    }

    private static PlatePass Take(List<PlatePass> pending)
    {
        PlatePass pass = pending[0];
        pending.RemoveAt(0);
        return pass;
    }

    private PlateRead ToRead(PlatePass pass)
    {
        using var evidence = (Evidence)pass.Best.Evidence!;
        ReadDoubt? doubt = _acceptance.Judge(pass);
        var read = new PlateRead(
            PlateRead.NewId(),
            _options.DeviceId,
            _options.CameraId,
            pass.Best.Time,
            pass.FirstSeen,
            pass.LastSeen,
            pass.Text,
            pass.Confidence,
            pass.Candidates,
            pass.Region,
            pass.Best.Plate.Box,
            pass.FramesUsed,
            _options.LocationSource is { } where ? where() : _options.Location,
            Jpeg(evidence.Plate),
            Jpeg(evidence.Context)
        )
        {
            Direction = _options.Direction,
            Doubt = doubt,
        };
        Stats.Passed(doubt);
        return read;
    }

    private EvidenceImage Jpeg(BgrPicture picture) => new(_engine.Pictures.EncodeJpeg(picture, EvidenceRegions.JpegQuality), "image/jpeg");

    /// <summary>Copies of a sighting's plate and vehicle regions, kept while it may become a read's evidence.</summary>
    private sealed class Evidence(BgrPicture plate, BgrPicture context) : IDisposable
    {
        public BgrPicture Plate { get; } = plate;

        public BgrPicture Context { get; } = context;

        public static Evidence Copy(BgrPicture frame, BoundingBox box) =>
            new(
                frame.Copy(EvidenceRegions.Plate(box, frame.Width, frame.Height)),
                frame.Copy(EvidenceRegions.Context(box, frame.Width, frame.Height))
            );

        public void Dispose()
        {
            Plate.Dispose();
            Context.Dispose();
        }
    }
}
