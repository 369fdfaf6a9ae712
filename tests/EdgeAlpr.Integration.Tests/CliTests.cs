using System.Text.Json;

namespace EdgeAlpr.Integration.Tests;

/// <summary>The command line as a user meets it: output format, exit codes, error messages.</summary>
public sealed class CliTests
{
    [Fact]
    public async Task Recognize_prints_one_json_line_per_image_and_reports_bad_ones()
    {
        using var dir = new TempDir();
        File.WriteAllBytes(dir.File("cut.jpg"), File.ReadAllBytes(TestPaths.KnownImage)[..20000]);

        CliRunner.Result r = await CliRunner.RunAsync("recognize", TestPaths.KnownImage, dir.File("cut.jpg"), dir.File("absent.jpg"));

        Assert.Equal(1, r.ExitCode);
        Assert.Equal(3, r.StdoutLines.Length);
        using JsonDocument good = JsonDocument.Parse(r.StdoutLines[0]);
        JsonElement plate = good.RootElement.GetProperty("plates")[0];
        Assert.Equal("YG9X2G", plate.GetProperty("text").GetString());
        foreach (string key in new[] { "confidence", "char_confidences", "box", "region", "candidates", "detection_score" })
        {
            Assert.True(plate.TryGetProperty(key, out _), $"plate has no '{key}'");
        }

        Assert.True(good.RootElement.GetProperty("timings").GetProperty("total_ms").GetDouble() > 0);
        using JsonDocument cut = JsonDocument.Parse(r.StdoutLines[1]);
        Assert.Equal("truncated JPEG: the end-of-image marker is missing", cut.RootElement.GetProperty("error").GetString());
        using JsonDocument absent = JsonDocument.Parse(r.StdoutLines[2]);
        Assert.Equal("no such file or folder", absent.RootElement.GetProperty("error").GetString());
        Assert.Contains("cut.jpg: truncated JPEG", r.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Eval_json_ends_with_the_summary_line()
    {
        using var dir = new TempDir();
        dir.CopyPhotosFrom(TestPaths.Eu, 4);

        CliRunner.Result r = await CliRunner.RunAsync("eval", "--dataset", dir.Path, "--json");

        Assert.Equal(0, r.ExitCode);
        using JsonDocument summary = JsonDocument.Parse(r.StdoutLines[^1]);
        JsonElement s = summary.RootElement;
        foreach (string key in new[] { "images", "detected", "exact", "exact_rate", "top5", "top5_rate", "median_ms", "p90_ms" })
        {
            Assert.True(s.TryGetProperty(key, out _), $"summary has no '{key}'");
        }

        Assert.Equal(4, s.GetProperty("images").GetInt32());
        Assert.Equal("fast", s.GetProperty("mode").GetString());
        Assert.Equal(JsonValueKind.Array, s.GetProperty("confusions").ValueKind);
        Assert.InRange(s.GetProperty("exact_rate").GetDouble(), 0, 1);
        Assert.True(s.GetProperty("top5").GetInt32() >= s.GetProperty("exact").GetInt32());
    }

    [Fact]
    public async Task Bench_modes_measures_every_mode_in_one_run()
    {
        using var dir = new TempDir();
        dir.CopyPhotosFrom(TestPaths.UsDev, 3);

        CliRunner.Result r = await CliRunner.RunAsync("bench", "modes", "--dataset", dir.Path, "--rounds", "1", "--json");

        Assert.Equal(0, r.ExitCode);
        using JsonDocument doc = JsonDocument.Parse(r.StdoutLines[^1]);
        JsonElement[] modes = [.. doc.RootElement.GetProperty("modes").EnumerateArray()];
        Assert.Equal(["single", "fast", "accuracy"], modes.Select(m => m.GetProperty("mode").GetString()));
        Assert.Equal(1.0, modes[0].GetProperty("ratio_to_single").GetDouble());
        Assert.All(modes, m => Assert.True(m.GetProperty("median_ms").GetDouble() > 0));
        Assert.True(modes[2].GetProperty("reads_per_plate").GetInt32() > modes[1].GetProperty("reads_per_plate").GetInt32());
        // The default detector is derived, so the original it is derived from is measured in the same run.
        Assert.Equal("yolo-v9-t-416-license-plates-end2end-float", doc.RootElement.GetProperty("detector").GetString());
        JsonElement baseline = doc.RootElement.GetProperty("baseline");
        Assert.Equal("yolo-v9-t-416-license-plates-end2end-int8", baseline.GetProperty("detector").GetString());
        Assert.Equal(["single", "fast", "accuracy"], baseline.GetProperty("modes").EnumerateArray().Select(m => m.GetProperty("mode").GetString()));
        Assert.All(modes, m => Assert.True(m.GetProperty("detect_median_ms").GetDouble() > 0));
        Assert.True(doc.RootElement.GetProperty("detect_speedup").GetDouble() > 0);
    }

    [Fact]
    public async Task Bench_modes_without_a_baseline_measures_the_configured_detector_only()
    {
        using var dir = new TempDir();
        dir.CopyPhotosFrom(TestPaths.UsDev, 1);

        CliRunner.Result r = await CliRunner.RunAsync(
            "bench",
            "modes",
            "--dataset",
            dir.Path,
            "--rounds",
            "1",
            "--baseline-detector",
            "none",
            "--json"
        );

        Assert.Equal(0, r.ExitCode);
        using JsonDocument doc = JsonDocument.Parse(r.StdoutLines[^1]);
        Assert.False(doc.RootElement.TryGetProperty("baseline", out _));
        Assert.Equal(3, doc.RootElement.GetProperty("modes").GetArrayLength());
    }

    [Fact]
    public async Task Eval_human_mode_prints_the_summary_table()
    {
        using var dir = new TempDir();
        string name = Path.GetFileName(TestPaths.KnownImage);
        File.Copy(TestPaths.KnownImage, dir.File(name));
        File.WriteAllText(dir.File(Path.ChangeExtension(name, ".txt")), $"{name}\t935\t362\t99\t49\tYG9X2Z\n");

        CliRunner.Result r = await CliRunner.RunAsync("eval", "--dataset", dir.Path, "--mode", "single");

        Assert.Equal(0, r.ExitCode);
        string output = string.Join('\n', r.StdoutLines);
        Assert.Contains("exact", output, StringComparison.Ordinal);
        Assert.Contains("0 (0.0%)", output, StringComparison.Ordinal);
        Assert.Contains("misses", output, StringComparison.Ordinal);
        Assert.Contains("YG9X2Z", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Recognition:DetectionThreshold must be between 0 and 1", "--threshold", "2")]
    [InlineData("Recognition:OcrModel 'nope' is not a known ocr model (known: cct_xs_v2_global, cct_xs_v1_global)", "--ocr-model", "nope")]
    [InlineData("Recognition:Candidates must be between 1 and 20, got 0", "--candidates", "0")]
    [InlineData("Recognition:CropVariants: crop variant 'margin=0.1,tilt=3': unknown key 'tilt'", "--variant", "margin=0.1,tilt=3")]
    public async Task Bad_settings_stop_before_any_work_with_a_clear_message(string message, string option, string value)
    {
        CliRunner.Result r = await CliRunner.RunAsync("recognize", TestPaths.KnownImage, option, value);

        Assert.Equal(2, r.ExitCode);
        Assert.Empty(r.StdoutLines);
        Assert.Contains("configuration error: " + message, r.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_mode_on_the_command_line_is_a_usage_error()
    {
        CliRunner.Result r = await CliRunner.RunAsync("recognize", TestPaths.KnownImage, "--mode", "turbo");
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("Cannot parse argument 'turbo' for option '--mode'", r.Stderr, StringComparison.Ordinal);
        Assert.Empty(r.StdoutLines);
    }

    [Theory]
    [InlineData("edge-alpr hits list", "hits", "list", "--bogus")]
    [InlineData("edge-alpr bench store", "bench", "store", "--reads", "5", "--bogus")]
    [InlineData("edge-alpr recognize", "recognize", "--mode", "turbo")]
    [InlineData("edge-alpr", "--bogus")]
    public async Task A_usage_error_points_to_the_help_of_the_whole_command_path(string path, params string[] args)
    {
        CliRunner.Result r = await CliRunner.RunAsync(args);
        Assert.Equal(2, r.ExitCode);
        Assert.Empty(r.StdoutLines);
        Assert.EndsWith($"edge-alpr: see '{path} --help'", r.Stderr.TrimEnd(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Cannot parse argument 'x' for option '--reads'", "bench", "store", "--reads", "x")]
    [InlineData("--reads must be between 1 and 10000000", "bench", "store", "--reads", "0")]
    [InlineData("Cannot parse argument 'many' for option '--attack-mb'", "bench", "inbound", "--broker", "mqtt://127.0.0.1:1", "--attack-mb", "many")]
    [InlineData(
        "--max-bytes must be a positive number of bytes",
        "export",
        "open",
        "p.alprpkg",
        "--out",
        "o",
        "--key-file",
        "k",
        "--max-bytes",
        "-5"
    )]
    public async Task A_number_that_does_not_parse_or_is_out_of_range_is_a_usage_error_not_a_crash(string error, params string[] args)
    {
        // Range checks used to read the value with GetValueOrDefault, which throws on one that does not parse: the
        // process ended with an unhandled exception (exit 134).
        CliRunner.Result r = await CliRunner.RunAsync(args);
        Assert.Equal(2, r.ExitCode);
        Assert.Contains(error, r.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", r.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_setting_of_the_wrong_type_in_the_environment_is_a_configuration_error()
    {
        CliRunner.Result r = await CliRunner.RunWithEnvironmentAsync(
            new Dictionary<string, string> { ["EDGEALPR_Recognition__Mode"] = "turbo" },
            "recognize",
            TestPaths.KnownImage
        );
        Assert.Equal(2, r.ExitCode);
        Assert.Contains(
            "edge-alpr: configuration error: Recognition:Mode: 'turbo' is not one of Single, Fast, Accuracy",
            r.Stderr,
            StringComparison.Ordinal
        );
        Assert.DoesNotContain("   at ", r.Stderr, StringComparison.Ordinal); // no stack trace
    }

    [Fact]
    public async Task Eval_of_a_missing_dataset_fails_with_exit_code_2()
    {
        CliRunner.Result r = await CliRunner.RunAsync("eval", "--dataset", "/nonexistent/photos", "--json");
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("dataset folder not found: /nonexistent/photos", r.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Models_fetch_installs_and_verifies_every_file_from_the_mirror()
    {
        using var models = new TempDir();

        CliRunner.Result r = await CliRunner.RunAsync(
            "models",
            "fetch",
            "--json",
            "--models-dir",
            models.Path,
            "--models-mirror",
            TestPaths.SharedModels,
            "--no-download"
        );

        Assert.Equal(0, r.ExitCode);
        Assert.Equal(6, r.StdoutLines.Length);
        var sources = new Dictionary<string, string?>();
        Assert.All(r.StdoutLines, line =>
        {
            using JsonDocument doc = JsonDocument.Parse(line);
            sources[doc.RootElement.GetProperty("file").GetString()!] = doc.RootElement.GetProperty("source").GetString();
            Assert.True(File.Exists(doc.RootElement.GetProperty("path").GetString()));
        });
        // Five files from the mirror, and the float detector made here from the INT8 one.
        Assert.Equal(5, sources.Values.Count(s => s == "mirror"));
        Assert.Equal("derived", sources["yolo-v9-t-416-license-plates-end2end-float.onnx"]);
    }

    [Fact]
    public async Task Models_fetch_refuses_a_tampered_mirror_naming_the_file()
    {
        using var models = new TempDir();
        using var mirror = new TempDir();
        foreach (string f in Directory.GetFiles(TestPaths.SharedModels))
        {
            File.Copy(f, mirror.File(Path.GetFileName(f)));
        }

        File.AppendAllText(mirror.File("cct_xs_v2_global_plate_config.yaml"), "\n# edited\n");

        CliRunner.Result r = await CliRunner.RunAsync(
            "models",
            "fetch",
            "--models-dir",
            models.Path,
            "--models-mirror",
            mirror.Path,
            "--no-download"
        );

        Assert.Equal(2, r.ExitCode);
        Assert.Contains("checksum mismatch for model file cct_xs_v2_global_plate_config.yaml", r.Stderr, StringComparison.Ordinal);
        Assert.False(File.Exists(models.File("cct_xs_v2_global_plate_config.yaml")));
    }

    [Fact]
    public async Task Models_list_tells_missing_from_tampered_files()
    {
        using var models = new TempDir();
        File.WriteAllText(models.File("cct_xs_v1_global.onnx"), "not the model");

        CliRunner.Result r = await CliRunner.RunAsync("models", "list", "--json", "--models-dir", models.Path, "--no-download");

        Assert.Equal(0, r.ExitCode);
        Dictionary<string, string?> status = r
            .StdoutLines.Select(l => JsonDocument.Parse(l).RootElement)
            .ToDictionary(e => e.GetProperty("id").GetString()!, e => e.GetProperty("status").GetString());
        Assert.Equal("missing", status["cct_xs_v2_global"]);
        Assert.Equal("missing", status["yolo-v9-t-416-license-plates-end2end-int8"]);
        Assert.Equal("checksum mismatch", status["cct_xs_v1_global"]);
    }

    [Fact]
    public async Task Recognize_fetches_missing_models_on_demand()
    {
        using var models = new TempDir();

        CliRunner.Result r = await CliRunner.RunAsync(
            "recognize",
            TestPaths.KnownImage,
            "--mode",
            "single",
            "--models-dir",
            models.Path,
            "--models-mirror",
            TestPaths.SharedModels,
            "--no-download"
        );

        Assert.Equal(0, r.ExitCode);
        Assert.Contains("YG9X2G", r.StdoutLines.Single(), StringComparison.Ordinal);
        Assert.True(File.Exists(models.File("cct_xs_v2_global.onnx")));
        Assert.False(File.Exists(models.File("cct_xs_v1_global.onnx"))); // single mode reads with the primary OCR only
        // The default detector is derived on demand from the INT8 file, which is fetched for it.
        Assert.True(File.Exists(models.File("yolo-v9-t-416-license-plates-end2end-float.onnx")));
        Assert.True(File.Exists(models.File("yolo-v9-t-416-license-plates-end2end-int8.onnx")));
    }
}
