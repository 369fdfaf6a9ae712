using System.Runtime.CompilerServices;
using System.Threading.Channels;
using EdgeAlpr.Capture;
using EdgeAlpr.Core.Capture;
using EdgeAlpr.Core.Geometry;
using EdgeAlpr.Core.Reads;
using EdgeAlpr.Core.Recognition;
using EdgeAlpr.Core.Tracking;
using EdgeAlpr.Recognition;
using EdgeAlpr.Vision.OpenCv;
using OpenCvSharp;

namespace EdgeAlpr.Pipeline;

/// <summary>
/// Turns one camera's frames into reads: samples frames to the target rate, skips frames
/// without motion, recognises plates (inside the zone and wide enough), tracks them across
/// frames and, when a pass ends, emits one read with the pass's fused reading and the
/// evidence of its best frame: the plate and the vehicle around it, as JPEG, hashed.
/// </summary>
public sealed class StreamProcessor
{
    private readonly PlateRecognitionEngine _engine;
    private readonly ProcessorOptions _options;

    public StreamProcessor(PlateRecognitionEngine engine, ProcessorOptions options)
    {
        _engine = engine;
        _options = options;
        if (options.Location?.Validate() is { Count: > 0 } problems)
        {
            throw new ArgumentException("invalid location: " + string.Join("; ", problems), nameof(options));
        }
    }

    public ProcessorStats Stats { get; } = new();

    public async IAsyncEnumerable<PlateRead> RunAsync(
        ChannelReader<CapturedFrame> frames, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var tracker = new PlateTracker(_engine.FusedSpec, _options.Tracker);
        var sampler = new FrameSampler(_options.TargetFps);
        using var gate = _options.MotionGate ? new MotionGate() : null;
        // Each sighting keeps copies of its evidence regions until its pass is closed.
        var evidence = new Dictionary<RecognizedPlate, (Mat Plate, Mat Context)>(ReferenceEqualityComparer.Instance);
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
                        foreach (RecognizedPlate p in plates)
                        {
                            evidence[p] = (
                                EvidenceImages.CopyRegion(frame.Image, EvidenceImages.PlateRegion(p.Box, frame.Image.Width, frame.Image.Height)),
                                EvidenceImages.CopyRegion(frame.Image, EvidenceImages.ContextRegion(p.Box, frame.Image.Width, frame.Image.Height)));
                        }

                        closed = tracker.Observe(frame.CapturedAt, frame.Index, plates);
                    }
                }

                foreach (PlatePass pass in closed)
                {
                    yield return ToRead(pass, evidence);
                }
            }

            foreach (PlatePass pass in tracker.Flush())
            {
                yield return ToRead(pass, evidence);
            }
        }
        finally
        {
            foreach ((Mat plate, Mat context) in evidence.Values)
            {
                plate.Dispose();
                context.Dispose();
            }
        }
    }

    private async Task<IReadOnlyList<RecognizedPlate>> RecognizeAsync(Mat image, CancellationToken cancellationToken)
    {
        if (_options.InferenceSlots is { } slots)
        {
            await slots.WaitAsync(cancellationToken).ConfigureAwait(false);
        }

        try
        {
            // A box the OCR reads as nothing (padding only) is not a plate sighting.
            return _engine.Recognize(image).Plates
                .Where(p => p.Text.Length > 0 && p.Box.Width >= _options.MinPlateWidth && (_options.Zone?.Contains(p.Box) ?? true))
                .ToList();
        }
        finally
        {
            _options.InferenceSlots?.Release();
        }
    }

    private PlateRead ToRead(PlatePass pass, Dictionary<RecognizedPlate, (Mat Plate, Mat Context)> evidence)
    {
        (Mat plate, Mat context) = evidence[pass.Best.Plate];
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
            _options.Location,
            EvidenceImages.EncodeJpeg(plate),
            EvidenceImages.EncodeJpeg(context))
        {
            Direction = _options.Direction,
        };
        foreach (PlateSighting s in pass.Sightings)
        {
            if (evidence.Remove(s.Plate, out var images))
            {
                images.Plate.Dispose();
                images.Context.Dispose();
            }
        }

        Stats.Read();
        return read;
    }
}
