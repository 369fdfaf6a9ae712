using System.Diagnostics;
using SkiaSharp;

namespace EdgeAlpr.Synthesis;

/// <summary>
/// Renders a traffic clip: vehicles approach one after another on a road, each with a plate
/// drawn in perspective on its rear, under changing light, with motion blur and sensor
/// noise; frames are encoded to H.264 by Debian's ffmpeg. Drawn with SkiaSharp, whose native
/// library ships for every board, so the demo runs on a unit as it does here. Deterministic for
/// a seed: the noise too comes from generators seeded by it.
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
        var grain = new SensorGrain(noise);
        using var renderer = new PlateRenderer();
        var info = new SKImageInfo(width, height, SKColorType.Bgra8888, SKAlphaType.Opaque);
        using SKBitmap road = Road(info, grain);
        using var scene = new SKBitmap(info);
        using var canvas = new SKCanvas(scene);
        int passFrames = (int)(PassSeconds * fps);
        int gapFrames = (int)(GapSeconds * fps);
        int total = plates * (passFrames + gapFrames) + gapFrames;
        var truths = new List<SyntheticPlate>();
        using Process ffmpeg = StartEncoder(outputPath);
        Stream sink = ffmpeg.StandardInput.BaseStream;
        byte[] frameBytes = new byte[width * height * 3];
        int frame = 0;

        void Emit(SKBitmap image, double light, int blur)
        {
            Finish(image.GetPixelSpan(), frameBytes, light, blur);
            grain.AddTo(frameBytes, 3 + random.Next(4));
            sink.Write(frameBytes, 0, frameBytes.Length);
            frame++;
        }

        for (int p = 0; p < plates; p++)
        {
            for (int g = 0; g < gapFrames; g++)
            {
                Emit(road, 1.0, 0);
            }

            PlateStyle style = PlateStyle.Common[random.Next(PlateStyle.Common.Count)];
            string text = style.RandomText(random);
            using SKImage plate = renderer.Render(style, text, 360);
            // Drawn in the order the generator has always been asked, so a seed keeps its plates and vehicles.
            byte blue = (byte)random.Next(30, 220),
                green = (byte)random.Next(30, 220),
                red = (byte)random.Next(30, 220);
            var body = new SKColor(red, green, blue);
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
                canvas.ResetMatrix();
                canvas.DrawBitmap(road, 0, 0, new SKSamplingOptions(SKFilterMode.Nearest));
                boxes.Add(DrawVehicle(canvas, plate, style, body, cx, bottom, vehicleWidth, tilt, frame));
                canvas.Flush();
                Emit(scene, light * (0.95 + (0.1 * Math.Sin(f * 0.7))), 3);
            }

            truths.Add(new SyntheticPlate(text, style.Name, first, frame - 1, boxes));
        }

        for (int g = 0; g < gapFrames; g++)
        {
            Emit(road, 1.0, 0);
        }

        sink.Close();
        ffmpeg.WaitForExit();
        if (ffmpeg.ExitCode != 0)
        {
            throw new IOException($"ffmpeg could not encode {outputPath}: {ffmpeg.StandardError.ReadToEnd().Trim()}");
        }

        return new SyntheticTruth(width, height, fps, total, seed, truths);
    }

    private SKBitmap Road(SKImageInfo info, SensorGrain grain)
    {
        var road = new SKBitmap(info);
        int horizon = (int)(height * 0.38);
        using (var canvas = new SKCanvas(road))
        using (var paint = new SKPaint { IsAntialias = false })
        {
            for (int y = 0; y < height; y++)
            {
                paint.Color =
                    y < horizon
                        ? new SKColor(150, (byte)(180 - (y * 40 / horizon)), (byte)(200 - (y * 60 / horizon)))
                        : new SKColor(
                            (byte)(75 + ((y - horizon) * 40 / height)),
                            (byte)(72 + ((y - horizon) * 40 / height)),
                            (byte)(70 + ((y - horizon) * 40 / height))
                        );
                canvas.DrawRect(0, y, width, 1, paint);
            }

            // Lane markings converging on the horizon.
            paint.Color = new SKColor(215, 215, 215);
            paint.StrokeWidth = 6;
            paint.Style = SKPaintStyle.Stroke;
            foreach (float x in new[] { 0.2f, 0.5f, 0.8f })
            {
                canvas.DrawLine(width / 2, horizon, (int)(x * width * 1.6f) - (int)(0.3f * width), height, paint);
            }
        }

        // Asphalt texture: grain on the colour channels, the alpha byte left opaque.
        Span<byte> pixels = road.GetPixelSpan();
        byte[] colour = new byte[width * height * 3];
        for (int i = 0, o = 0; o < colour.Length; i += 4, o += 3)
        {
            colour[o] = pixels[i];
            colour[o + 1] = pixels[i + 1];
            colour[o + 2] = pixels[i + 2];
        }

        grain.AddTo(colour, 6);
        for (int i = 0, o = 0; o < colour.Length; i += 4, o += 3)
        {
            pixels[i] = colour[o];
            pixels[i + 1] = colour[o + 1];
            pixels[i + 2] = colour[o + 2];
        }

        road.NotifyPixelsChanged();
        return road;
    }

    private static SyntheticBox DrawVehicle(
        SKCanvas canvas,
        SKImage plate,
        PlateStyle style,
        SKColor body,
        float cx,
        float bottom,
        float w,
        float tilt,
        int frame
    )
    {
        float h = w * 0.62f;
        using var paint = new SKPaint { IsAntialias = false, Color = new SKColor(35, 35, 35) };
        canvas.DrawRect(SKRect.Create((int)(cx - (w * 0.52f)), (int)(bottom - (h * 0.05f)), (int)(w * 1.04f), (int)(h * 0.08f)), paint);
        // Body, cabin, rear window, lights and bumper.
        paint.Color = body;
        canvas.DrawRect(SKRect.Create((int)(cx - (w / 2)), (int)(bottom - (h * 0.62f)), (int)w, (int)(h * 0.6f)), paint);
        FillQuad(canvas, paint, cx, bottom, w, h, 0.4f, 0.62f, 0.3f, 1f);
        paint.Color = new SKColor(45, 50, 60);
        FillQuad(canvas, paint, cx, bottom, w, h, 0.36f, 0.65f, 0.28f, 0.95f);
        paint.Color = new SKColor(200, 30, 30);
        foreach (float side in new[] { -1f, 1f })
        {
            canvas.DrawRect(
                SKRect.Create((int)(cx + (side * w * 0.42f) - (w * 0.06f)), (int)(bottom - (h * 0.5f)), (int)(w * 0.12f), (int)(h * 0.1f)),
                paint
            );
        }

        paint.Color = new SKColor((byte)(body.Red / 2), (byte)(body.Green / 2), (byte)(body.Blue / 2));
        canvas.DrawRect(SKRect.Create((int)(cx - (w / 2)), (int)(bottom - (h * 0.12f)), (int)w, (int)(h * 0.1f)), paint);

        // The plate, in perspective: a slight tilt and a trapezoid from the camera's height.
        float pw = w * (style.Aspect > 3 ? 0.36f : 0.24f);
        float ph = pw / style.Aspect;
        float py = bottom - (h * 0.3f);
        double a = tilt * Math.PI / 180;
        SKPoint Rotate(float dx, float dy) =>
            new(cx + (float)((dx * Math.Cos(a)) - (dy * Math.Sin(a))), py + (float)((dx * Math.Sin(a)) + (dy * Math.Cos(a))));
        SKPoint[] destination = [Rotate(-pw / 2 * 0.97f, -ph / 2), Rotate(pw / 2 * 0.97f, -ph / 2), Rotate(pw / 2, ph / 2), Rotate(-pw / 2, ph / 2)];
        canvas.Save();
        canvas.SetMatrix(Homography.RectangleToQuad(plate.Width, plate.Height, destination));
        canvas.DrawImage(plate, 0, 0, new SKSamplingOptions(SKFilterMode.Linear, SKMipmapMode.Linear));
        canvas.Restore();
        return new SyntheticBox(frame, destination.Min(p => p.X), destination.Min(p => p.Y), destination.Max(p => p.X), destination.Max(p => p.Y));
    }

    /// <summary>A trapezoid centred on the vehicle: half-widths and heights as fractions of its width and height.</summary>
    private static void FillQuad(
        SKCanvas canvas,
        SKPaint paint,
        float cx,
        float bottom,
        float w,
        float h,
        float lowerHalf,
        float lower,
        float upperHalf,
        float upper
    )
    {
        using var builder = new SKPathBuilder();
        builder.MoveTo((int)(cx - (w * lowerHalf)), (int)(bottom - (h * lower)));
        builder.LineTo((int)(cx - (w * upperHalf)), (int)(bottom - (h * upper)));
        builder.LineTo((int)(cx + (w * upperHalf)), (int)(bottom - (h * upper)));
        builder.LineTo((int)(cx + (w * lowerHalf)), (int)(bottom - (h * lower)));
        builder.Close();
        using SKPath path = builder.Detach();
        canvas.DrawPath(path, paint);
    }

    /// <summary>Light level and vertical motion blur over <paramref name="blur"/> rows, as a camera adds them; BGRA in, BGR out.</summary>
    private void Finish(ReadOnlySpan<byte> bgra, Span<byte> bgr, double light, int blur)
    {
        int rowIn = width * 4;
        int half = blur / 2;
        float scale = (float)light / Math.Max(blur, 1);
        for (int y = 0; y < height; y++)
        {
            int o = y * width * 3;
            for (int x = 0; x < width; x++, o += 3)
            {
                for (int c = 0; c < 3; c++)
                {
                    int sum = 0;
                    if (blur <= 1)
                    {
                        sum = bgra[(y * rowIn) + (x * 4) + c];
                    }
                    else
                    {
                        for (int k = -half; k < blur - half; k++)
                        {
                            // Reflected at the top and bottom rows, as OpenCV's filters do.
                            int r = y + k;
                            r =
                                r < 0 ? -r
                                : r >= height ? (2 * height) - r - 2
                                : r;
                            sum += bgra[(r * rowIn) + (x * 4) + c];
                        }
                    }

                    bgr[o + c] = (byte)Math.Clamp((int)((sum * scale) + 0.5f), 0, 255);
                }
            }
        }
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
