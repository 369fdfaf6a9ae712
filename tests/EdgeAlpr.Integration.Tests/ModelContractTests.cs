using EdgeAlpr.Core.Recognition;
using EdgeAlpr.Inference.Onnx;
using EdgeAlpr.Models;

namespace EdgeAlpr.Integration.Tests;

/// <summary>Wrong, missing or broken model files fail at load with a message naming the file and the problem.</summary>
[Collection(EngineCollection.Name)]
public sealed class ModelContractTests(EngineFixture fixture)
{
    private static readonly OnnxThreading Threads = new(1, 1);

    private string PathOf(string file) => Path.Combine(fixture.Fetcher.ModelsDirectory, file);

    private OcrModelSpec V2Spec => OcrSpecLoader.Load(PathOf("cct_xs_v2_global_plate_config.yaml"));

    [Fact]
    public void An_ocr_model_given_as_detector_is_refused_with_its_shapes()
    {
        var ex = Assert.Throws<ModelLoadException>(() => new OnnxPlateDetector(PathOf("cct_xs_v2_global.onnx"), Threads));
        Assert.Contains("input 'input' is uint8 [-1,64,128,3]; a plate detector needs float32 [1,3,S,S]", ex.Message, StringComparison.Ordinal);
        Assert.Contains("cct_xs_v2_global.onnx", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_detector_given_as_ocr_is_refused_with_its_shapes()
    {
        var ex = Assert.Throws<ModelLoadException>(() => new OnnxPlateOcr(PathOf("yolo-v9-t-416-license-plates-end2end-int8.onnx"), V2Spec, Threads));
        Assert.Contains("input 'images' is float32 [1,3,416,416]; this OCR needs uint8 [N,64,128,3]", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_ocr_model_with_another_models_config_is_refused()
    {
        // v1 predicts 9 slots; the v2 config promises 10.
        var ex = Assert.Throws<ModelLoadException>(() => new OnnxPlateOcr(PathOf("cct_xs_v1_global.onnx"), V2Spec, Threads));
        Assert.Contains("no output of float32 [N,10,37]", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_model_file_is_named()
    {
        var ex = Assert.Throws<ModelLoadException>(() => new OnnxPlateDetector("/nonexistent/detector.onnx", Threads));
        Assert.Contains("model file not found: /nonexistent/detector.onnx", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_file_that_is_not_onnx_is_refused()
    {
        using var dir = new TempDir();
        File.WriteAllText(dir.File("junk.onnx"), "this is not a model");
        var ex = Assert.Throws<ModelLoadException>(() => new OnnxPlateDetector(dir.File("junk.onnx"), Threads));
        Assert.Contains("is not a loadable ONNX model", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Plate_configs_are_read_from_yaml()
    {
        OcrModelSpec v2 = V2Spec;
        OcrModelSpec v1 = OcrSpecLoader.Load(PathOf("cct_xs_v1_global_plate_config.yaml"));
        Assert.Equal((10, 64, 128, '_', 3), (v2.MaxPlateSlots, v2.ImageHeight, v2.ImageWidth, v2.PadChar, v2.Channels));
        Assert.Equal("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ_", v2.Alphabet);
        Assert.Equal(66, v2.PlateRegions.Count);
        Assert.Contains("United States", v2.PlateRegions);
        Assert.Equal(9, v1.MaxPlateSlots);
        Assert.Empty(v1.PlateRegions);
    }

    [Theory]
    [InlineData("max_plate_slots: [1, 2\n", "not valid YAML")]
    [InlineData("alphabet: 'AB_'\npad_char: '_'\n", "max_plate_slots is missing")]
    [InlineData("max_plate_slots: 9\nalphabet: 'AB_'\npad_char: '*'\nimg_height: 64\nimg_width: 128\n", "pad_char '*' is not in the alphabet")]
    [InlineData(
        "max_plate_slots: 9\nalphabet: 'AB_'\npad_char: '_'\nimg_height: 64\nimg_width: 128\nimage_color_mode: cmyk\n",
        "image_color_mode must be"
    )]
    public void Bad_plate_configs_are_refused_saying_why(string yaml, string reason)
    {
        using var dir = new TempDir();
        File.WriteAllText(dir.File("c.yaml"), yaml);
        var ex = Assert.Throws<ModelLoadException>(() => OcrSpecLoader.Load(dir.File("c.yaml")));
        Assert.Contains(reason, ex.Message, StringComparison.Ordinal);
        Assert.Contains("c.yaml", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_default_models_are_installed_and_verified()
    {
        foreach (ModelFile f in ModelManifest.BuiltIn.Models.SelectMany(m => m.Files))
        {
            Assert.Equal(f.Sha256, await ModelFetcher.HashFileAsync(PathOf(f.File), CancellationToken.None));
        }
    }
}
