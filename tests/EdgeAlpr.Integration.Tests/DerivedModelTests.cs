using System.Security.Cryptography;
using EdgeAlpr.Models;
using EdgeAlpr.Models.Onnx;

namespace EdgeAlpr.Integration.Tests;

/// <summary>A model file made at fetch from another model's weights: derived once, pinned by its hash, refused when it differs.</summary>
public sealed class DerivedModelTests : IDisposable
{
    private static readonly byte[] Quantised = QuantizedModelBuilder.Build();
    private static readonly byte[] Float = DynamicQuantizationRemover.Rewrite(Quantised).Bytes;

    private readonly TempDir _models = new();
    private readonly TempDir _mirror = new();

    public void Dispose()
    {
        _models.Dispose();
        _mirror.Dispose();
    }

    private static ModelEntry Source(byte[] bytes) =>
        new()
        {
            Id = "tiny-int8",
            Role = ModelManifest.DetectorRole,
            File = "tiny-int8.onnx",
            Sha256 = Convert.ToHexStringLower(SHA256.HashData(bytes)),
            Size = bytes.Length,
            Url = "http://127.0.0.1:9/tiny-int8.onnx",
            Licence = "test",
        };

    private static ModelEntry Derived(string? sha256 = null, string transform = ModelDerivation.Dequantize, string from = "tiny-int8") =>
        new()
        {
            Id = "tiny-float",
            Role = ModelManifest.DetectorRole,
            File = "tiny-float.onnx",
            Sha256 = sha256 ?? Convert.ToHexStringLower(SHA256.HashData(Float)),
            Size = Float.Length,
            Licence = "test",
            Derived = new ModelDerivation(from, transform),
        };

    private ModelFetcher Fetcher(ModelEntry derived, byte[]? source = null)
    {
        source ??= Quantised;
        File.WriteAllBytes(_mirror.File("tiny-int8.onnx"), source);
        var manifest = new ModelManifest([Source(source), derived]);
        return new ModelFetcher(
            manifest,
            new ModelStoreOptions
            {
                ModelsDirectory = _models.Path,
                MirrorDirectories = [_mirror.Path],
                AllowDownload = false,
            }
        );
    }

    [Fact]
    public async Task Derives_the_file_from_its_verified_source_once_and_then_keeps_it()
    {
        ModelFetcher fetcher = Fetcher(Derived());
        ModelEntry model = fetcher.Manifest.Find("tiny-float", ModelManifest.DetectorRole);

        FetchOutcome first = await fetcher.FetchFileAsync(model.Weights, CancellationToken.None);
        DateTime written = File.GetLastWriteTimeUtc(first.Path);
        FetchOutcome second = await fetcher.FetchFileAsync(model.Weights, CancellationToken.None);

        Assert.Equal(FetchSource.Derived, first.Source);
        Assert.Contains("dequantize of", first.Origin, StringComparison.Ordinal);
        Assert.Equal(FetchSource.Present, second.Source);
        Assert.Equal(written, File.GetLastWriteTimeUtc(second.Path));
        Assert.Equal(Float, await File.ReadAllBytesAsync(_models.File("tiny-float.onnx")));
        // The source was fetched and verified on the way.
        Assert.Equal(Quantised, await File.ReadAllBytesAsync(_models.File("tiny-int8.onnx")));
    }

    [Fact]
    public async Task Fetching_everything_derives_after_fetching()
    {
        ModelFetcher fetcher = Fetcher(Derived());

        IReadOnlyList<FetchOutcome> outcomes = await fetcher.FetchAllAsync(CancellationToken.None);

        Assert.Equal([FetchSource.Mirror, FetchSource.Derived], outcomes.Select(o => o.Source));
        Assert.Equal(["tiny-int8.onnx", "tiny-float.onnx"], outcomes.Select(o => o.File));
    }

    [Fact]
    public async Task A_derived_file_that_does_not_hash_to_the_pin_is_refused_and_not_installed()
    {
        ModelFetcher fetcher = Fetcher(Derived(sha256: new string('a', 64)));
        ModelEntry model = fetcher.Manifest.Find("tiny-float", ModelManifest.DetectorRole);

        var ex = await Assert.ThrowsAsync<ModelFetchException>(() => fetcher.FetchFileAsync(model.Weights, CancellationToken.None));

        Assert.Contains("checksum mismatch for derived model file tiny-float.onnx", ex.Message, StringComparison.Ordinal);
        Assert.Contains($"got {Convert.ToHexStringLower(SHA256.HashData(Float))}", ex.Message, StringComparison.Ordinal);
        Assert.Equal(["tiny-int8.onnx"], Directory.GetFiles(_models.Path).Select(Path.GetFileName));
    }

    [Fact]
    public async Task A_tampered_derived_file_is_made_again()
    {
        ModelFetcher fetcher = Fetcher(Derived());
        await File.WriteAllBytesAsync(_models.File("tiny-float.onnx"), [1, 2, 3]);

        FetchOutcome outcome = await fetcher.FetchFileAsync(
            fetcher.Manifest.Find("tiny-float", ModelManifest.DetectorRole).Weights,
            CancellationToken.None
        );

        Assert.Equal(FetchSource.Derived, outcome.Source);
        Assert.Equal(Float, await File.ReadAllBytesAsync(outcome.Path));
    }

    [Fact]
    public async Task A_source_that_cannot_be_rewritten_is_a_clear_error()
    {
        ModelFetcher fetcher = Fetcher(Derived(), source: QuantizedModelBuilder.BuildFloat());

        var ex = await Assert.ThrowsAsync<ModelFetchException>(() =>
            fetcher.FetchFileAsync(fetcher.Manifest.Find("tiny-float", ModelManifest.DetectorRole).Weights, CancellationToken.None)
        );

        Assert.Contains("could not derive model file tiny-float.onnx from tiny-int8.onnx", ex.Message, StringComparison.Ordinal);
        Assert.Contains("not dynamically quantised", ex.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(_models.File("tiny-float.onnx")));
    }

    [Theory]
    [InlineData("tiny-missing", ModelDerivation.Dequantize, "derived from 'tiny-missing', which must be another, fetched model of the manifest")]
    [InlineData("tiny-float", ModelDerivation.Dequantize, "derived from 'tiny-float', which must be another, fetched model of the manifest")]
    [InlineData("tiny-int8", "sharpen", "unknown derivation transform 'sharpen'")]
    public void A_manifest_with_a_wrong_derivation_is_refused(string from, string transform, string message)
    {
        var ex = Assert.Throws<InvalidDataException>(() => new ModelManifest([Source(Quantised), Derived(transform: transform, from: from)]));

        Assert.Contains(message, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_fetched_model_needs_a_url()
    {
        var ex = Assert.Throws<InvalidDataException>(() => new ModelManifest([Source(Quantised) with { Url = "" }]));

        Assert.Contains("model 'tiny-int8': a url is needed", ex.Message, StringComparison.Ordinal);
    }
}
