using System.Diagnostics;
using OpenCvSharp;

namespace EdgeAlpr.Synthesis;

/// <summary>
/// Renders a traffic clip: vehicles approach one after another on a road, each with a plate
/// drawn in perspective on its rear, under changing light, with motion blur and sensor
/// noise; frames are encoded to H.264 by Debian's ffmpeg. Deterministic for a seed: the noise
/// too comes from generators seeded by it, never from OpenCV's thread-local one (whose state is
/// whatever ran on the rendering thread before, so an in-process clip differed from run to run).
/// </summary>
public sealed class TrafficClipRenderer(int width = 1280, int height = 720, double fps = 10)
{
    private const double PassSeconds = 2.5;
    private const double GapSeconds = 0.6;

    public SyntheticTruth Render(string outputPath, int plates, int seed, CancellationToken cancellationToken)
    {
        if (plates < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(plates), "at least one plate");
        }

        var random = new Random(seed);
        // Its own generator, so the plates and vehicles of a seed stay what they were before noise was seeded.
        var noise = new Random(unchecked((seed * 7919) + 17));
        using var renderer = new PlateRenderer();
        using Mat road = Road(noise);
        int passFrames = (int)(PassSeconds * fps);
        int gapFrames = (int)(GapSeconds * fps);
        int total = plates * (passFrames + gapFrames) + gapFrames;
        var truths = new List<SyntheticPlate>();
        using Process ffmpeg = StartEncoder(outputPath);
        Stream sink = ffmpeg.StandardInput.BaseStream;
        byte[] buffer = new byte[width * height * 3];
        int frame = 0;
        using var canvas = new Mat();

        void Emit(Mat image)
        {
            System.Runtime.InteropServices.Marshal.Copy(image.Data, buffer, 0, buffer.Length);
            sink.Write(buffer, 0, buffer.Length);
            frame++;
        }

        for (int p = 0; p < plates; p++)
        {
            for (int g = 0; g < gapFrames; g++)
            {
                using Mat empty = Finish(road, 1.0, 0, random, noise);
                Emit(empty);
            }

            PlateStyle style = PlateStyle.Common[random.Next(PlateStyle.Common.Count)];
            string text = style.RandomText(random);
            using Mat plate = renderer.Render(style, text, 360);
            var body = new Scalar(random.Next(30, 220), random.Next(30, 220), random.Next(30, 220));
            double light = 0.65 + (random.NextDouble() * 0.5);
            float tilt = (float)((random.NextDouble() - 0.5) * 6);
            float lane = (float)(width * (0.35 + (random.NextDouble() * 0.3)));
            var boxes = new List<SyntheticBox>();
            int first = frame;
            for (int f = 0; f < passFrames; f++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                double t = (double)f / (passFrames - 1);
                // Approaching: the vehicle grows and comes down the frame.
                float vehicleWidth = (float)(width * (0.24 + (0.2 * t)));
                float cx = lane + (float)((t - 0.5) * width * 0.06);
                float bottom = (float)(height * (0.62 + (0.3 * t)));
                road.CopyTo(canvas);
                SyntheticBox box = DrawVehicle(canvas, plate, style, body, cx, bottom, vehicleWidth, tilt, frame);
                boxes.Add(box);
                using Mat finished = Finish(canvas, light * (0.95 + (0.1 * Math.Sin(f * 0.7))), 3, random, noise);
                Emit(finished);
            }

            truths.Add(new SyntheticPlate(text, style.Name, first, frame - 1, boxes));
        }

        for (int g = 0; g < gapFrames; g++)
        {
            using Mat empty = Finish(road, 1.0, 0, random, noise);
            Emit(empty);
        }

        sink.Close();
        ffmpeg.WaitForExit();
        if (ffmpeg.ExitCode != 0)
        {
            throw new IOException($"ffmpeg could not encode {outputPath}: {ffmpeg.StandardError.ReadToEnd().Trim()}");
        }

        return new SyntheticTruth(width, height, fps, total, seed, truths);
    }

    private Mat Road(Random noise)
    {
        var road = new Mat(height, width, MatType.CV_8UC3);
        int horizon = (int)(height * 0.38);
        for (int y = 0; y < height; y++)
        {
            Scalar colour =
                y < horizon
                    ? new Scalar(200 - (y * 60 / horizon), 180 - (y * 40 / horizon), 150)
                    : new Scalar(70 + ((y - horizon) * 40 / height), 72 + ((y - horizon) * 40 / height), 75 + ((y - horizon) * 40 / height));
            Cv2.Line(road, new Point(0, y), new Point(width - 1, y), colour, 1);
        }

        // Lane markings converging on the horizon, and asphalt texture.
        foreach (float x in new[] { 0.2f, 0.5f, 0.8f })
        {
            Cv2.Line(
                road,
                new Point(width / 2, horizon),
                new Point((int)(x * width * 1.6f) - (int)(0.3f * width), height),
                new Scalar(215, 215, 215),
                6
            );
        }

        using var grain = new Mat(height, width, MatType.CV_8UC3);
        FillNormal(grain, noise, new Scalar(0, 0, 0), new Scalar(6, 6, 6));
        Cv2.Add(road, grain, road);
        return road;
    }

    private static SyntheticBox DrawVehicle(
        Mat canvas,
        Mat plate,
        PlateStyle style,
        Scalar body,
        float cx,
        float bottom,
        float w,
        float tilt,
        int frame
    )
    {
        float h = w * 0.62f;
        var shadow = new Rect((int)(cx - (w * 0.52f)), (int)(bottom - (h * 0.05f)), (int)(w * 1.04f), (int)(h * 0.08f));
        Cv2.Rectangle(canvas, shadow, new Scalar(35, 35, 35), -1);
        // Body, cabin, rear window, lights and bumper.
        Cv2.Rectangle(canvas, new Rect((int)(cx - (w / 2)), (int)(bottom - (h * 0.62f)), (int)w, (int)(h * 0.6f)), body, -1);
        Point[] cabin =
        [
            new((int)(cx - (w * 0.4f)), (int)(bottom - (h * 0.62f))),
            new((int)(cx - (w * 0.3f)), (int)(bottom - h)),
            new((int)(cx + (w * 0.3f)), (int)(bottom - h)),
            new((int)(cx + (w * 0.4f)), (int)(bottom - (h * 0.62f))),
        ];
        Cv2.FillConvexPoly(canvas, cabin, body);
        Point[] window =
        [
            new((int)(cx - (w * 0.36f)), (int)(bottom - (h * 0.65f))),
            new((int)(cx - (w * 0.28f)), (int)(bottom - (h * 0.95f))),
            new((int)(cx + (w * 0.28f)), (int)(bottom - (h * 0.95f))),
            new((int)(cx + (w * 0.36f)), (int)(bottom - (h * 0.65f))),
        ];
        Cv2.FillConvexPoly(canvas, window, new Scalar(60, 50, 45));
        foreach (float side in new[] { -1f, 1f })
        {
            Cv2.Rectangle(
                canvas,
                new Rect((int)(cx + (side * w * 0.42f) - (w * 0.06f)), (int)(bottom - (h * 0.5f)), (int)(w * 0.12f), (int)(h * 0.1f)),
                new Scalar(30, 30, 200),
                -1
            );
        }

        Cv2.Rectangle(
            canvas,
            new Rect((int)(cx - (w / 2)), (int)(bottom - (h * 0.12f)), (int)w, (int)(h * 0.1f)),
            new Scalar(body.Val0 * 0.5, body.Val1 * 0.5, body.Val2 * 0.5),
            -1
        );

        // The plate, in perspective: a slight tilt and a trapezoid from the camera's height.
        float pw = w * (style.Aspect > 3 ? 0.36f : 0.24f);
        float ph = pw / style.Aspect;
        float py = bottom - (h * 0.3f);
        double a = tilt * Math.PI / 180;
        Point2f Rotate(float dx, float dy) =>
            new(cx + (float)((dx * Math.Cos(a)) - (dy * Math.Sin(a))), py + (float)((dx * Math.Sin(a)) + (dy * Math.Cos(a))));
        Point2f[] destination = [Rotate(-pw / 2 * 0.97f, -ph / 2), Rotate(pw / 2 * 0.97f, -ph / 2), Rotate(pw / 2, ph / 2), Rotate(-pw / 2, ph / 2)];
        Point2f[] source = [new(0, 0), new(plate.Width, 0), new(plate.Width, plate.Height), new(0, plate.Height)];
        using Mat warp = Cv2.GetPerspectiveTransform(source, destination);
        using var warped = new Mat();
        using var mask = new Mat();
        using var ones = new Mat(plate.Size(), MatType.CV_8UC1, Scalar.All(255));
        Cv2.WarpPerspective(plate, warped, warp, canvas.Size(), InterpolationFlags.Area);
        Cv2.WarpPerspective(ones, mask, warp, canvas.Size(), InterpolationFlags.Nearest);
        warped.CopyTo(canvas, mask);
        return new SyntheticBox(frame, destination.Min(p => p.X), destination.Min(p => p.Y), destination.Max(p => p.X), destination.Max(p => p.Y));
    }

    /// <summary>Light level, motion blur and sensor noise, as a camera would add them.</summary>
    private static Mat Finish(Mat scene, double light, int blur, Random random, Random noise)
    {
        var output = new Mat();
        scene.ConvertTo(output, MatType.CV_8UC3, light, 0);
        if (blur > 0)
        {
            using var kernel = new Mat(blur, 1, MatType.CV_32FC1, Scalar.All(1.0 / blur));
            Cv2.Filter2D(output, output, -1, kernel);
        }

        using var grain = new Mat(output.Size(), MatType.CV_16SC3);
        FillNormal(grain, noise, Scalar.All(0), Scalar.All(3 + random.Next(4)));
        using var wide = new Mat();
        output.ConvertTo(wide, MatType.CV_16SC3);
        Cv2.Add(wide, grain, wide);
        wide.ConvertTo(output, MatType.CV_8UC3);
        return output;
    }

    /// <summary>Fills with Gaussian noise drawn from a generator seeded by <paramref name="noise"/>.</summary>
    private static void FillNormal(Mat mat, Random noise, Scalar mean, Scalar deviation)
    {
        var generator = new RNG((ulong)noise.NextInt64(1, long.MaxValue));
        using InputArray a = InputArray.Create(mean);
        using InputArray b = InputArray.Create(deviation);
        generator.Fill(mat, DistributionType.Normal, a, b);
    }

    private Process StartEncoder(string outputPath)
    {
        var start = new ProcessStartInfo("ffmpeg") { RedirectStandardInput = true, RedirectStandardError = true };
        foreach (
            string arg in new[]
            {
                "-y",
                "-loglevel",
                "error",
                "-f",
                "rawvideo",
                "-pix_fmt",
                "bgr24",
                "-s",
                $"{width}x{height}",
                "-r",
                fps.ToString(System.Globalization.CultureInfo.InvariantCulture),
                "-i",
                "-",
                "-c:v",
                "libx264",
                "-preset",
                "veryfast",
                "-crf",
                "20",
                "-pix_fmt",
                "yuv420p",
                outputPath,
            }
        )
        {
            start.ArgumentList.Add(arg);
        }

        try
        {
            return Process.Start(start) ?? throw new IOException("ffmpeg could not be started");
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            throw new IOException("ffmpeg is needed to encode clips and was not found (install Debian's ffmpeg)", ex);
        }
    }
}
