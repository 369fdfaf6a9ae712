using System.Net;
using System.Security.Cryptography;
using EdgeAlpr.Models;

namespace EdgeAlpr.Integration.Tests;

public sealed class ModelFetcherTests : IDisposable
{
    private static readonly byte[] Weights = RandomNumberGenerator.GetBytes(300_000);

    private readonly TempDir _models = new();
    private readonly TempDir _mirror = new();

    public void Dispose()
    {
        _models.Dispose();
        _mirror.Dispose();
    }

    private static ModelManifest Manifest(string url = "http://127.0.0.1:9/tiny.onnx", long? size = null) =>
        new([
            new ModelEntry
            {
                Id = "tiny",
                Role = ModelManifest.DetectorRole,
                File = "tiny.onnx",
                Sha256 = Convert.ToHexStringLower(SHA256.HashData(Weights)),
                Size = size ?? Weights.Length,
                Url = url,
                Licence = "test",
            },
        ]);

    private ModelFetcher Fetcher(ModelManifest manifest, bool download = false, HttpClient? http = null) =>
        new(
            manifest,
            new ModelStoreOptions
            {
                ModelsDirectory = _models.Path,
                MirrorDirectories = [_mirror.Path],
                AllowDownload = download,
            },
            http
        );

    [Fact]
    public async Task Copies_from_the_mirror_verifies_and_then_keeps_the_file()
    {
        await File.WriteAllBytesAsync(_mirror.File("tiny.onnx"), Weights);
        ModelFetcher fetcher = Fetcher(Manifest());

        FetchOutcome first = await fetcher.FetchFileAsync(fetcher.Manifest.Models[0].Weights, CancellationToken.None);
        FetchOutcome second = await fetcher.FetchFileAsync(fetcher.Manifest.Models[0].Weights, CancellationToken.None);

        Assert.Equal(FetchSource.Mirror, first.Source);
        Assert.Equal(FetchSource.Present, second.Source);
        Assert.Equal(Weights, await File.ReadAllBytesAsync(_models.File("tiny.onnx")));
    }

    [Fact]
    public async Task Refuses_a_mirror_copy_with_the_wrong_checksum_and_names_the_file()
    {
        byte[] tampered = (byte[])Weights.Clone();
        tampered[1000] ^= 0xFF;
        await File.WriteAllBytesAsync(_mirror.File("tiny.onnx"), tampered);
        ModelFetcher fetcher = Fetcher(Manifest());

        var ex = await Assert.ThrowsAsync<ModelFetchException>(() =>
            fetcher.FetchFileAsync(fetcher.Manifest.Models[0].Weights, CancellationToken.None)
        );

        Assert.Contains("checksum mismatch for model file tiny.onnx", ex.Message, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFiles(_models.Path)); // nothing half-written left behind
    }

    [Fact]
    public async Task Replaces_a_stale_file_in_the_models_folder()
    {
        await File.WriteAllBytesAsync(_models.File("tiny.onnx"), [1, 2, 3]);
        await File.WriteAllBytesAsync(_mirror.File("tiny.onnx"), Weights);
        ModelFetcher fetcher = Fetcher(Manifest());

        FetchOutcome outcome = await fetcher.FetchFileAsync(fetcher.Manifest.Models[0].Weights, CancellationToken.None);

        Assert.Equal(FetchSource.Mirror, outcome.Source);
        Assert.Equal(Weights, await File.ReadAllBytesAsync(_models.File("tiny.onnx")));
    }

    [Fact]
    public async Task Says_what_is_missing_when_no_source_has_the_file()
    {
        ModelFetcher fetcher = Fetcher(Manifest());
        var ex = await Assert.ThrowsAsync<ModelFetchException>(() =>
            fetcher.FetchFileAsync(fetcher.Manifest.Models[0].Weights, CancellationToken.None)
        );
        Assert.Contains("model file tiny.onnx is not in", ex.Message, StringComparison.Ordinal);
        Assert.Contains("downloads are off", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("good", null)]
    [InlineData("tampered", "checksum mismatch for model file tiny.onnx")]
    [InlineData("missing", "HTTP 404")]
    [InlineData("oversized", "it is larger than the 300000 bytes")]
    public async Task Downloads_from_upstream_only_what_verifies(string served, string? error)
    {
        using var server = new LoopbackFileServer(
            served switch
            {
                "good" => Weights,
                // The last byte changed, whatever it was: a random last byte is 0 one time in 256.
                "tampered" => [.. Weights.Take(Weights.Length - 1), (byte)(Weights[^1] ^ 0xFF)],
                "oversized" => [.. Weights, 7],
                _ => null,
            }
        );
        using var http = new HttpClient();
        ModelFetcher fetcher = Fetcher(Manifest(server.Url + "tiny.onnx"), download: true, http);

        Task<FetchOutcome> fetch = fetcher.FetchFileAsync(fetcher.Manifest.Models[0].Weights, CancellationToken.None);

        if (error is null)
        {
            Assert.Equal(FetchSource.Download, (await fetch).Source);
            Assert.Equal(Weights, await File.ReadAllBytesAsync(_models.File("tiny.onnx")));
        }
        else
        {
            var ex = await Assert.ThrowsAsync<ModelFetchException>(() => fetch);
            Assert.Contains(error, ex.Message, StringComparison.Ordinal);
            Assert.Contains("tiny.onnx", ex.Message, StringComparison.Ordinal);
            Assert.Empty(Directory.GetFiles(_models.Path));
        }
    }

    [Fact]
    public void The_built_in_manifest_agrees_with_the_shared_checksums()
    {
        Dictionary<string, string> sums = File.ReadAllLines(Path.Combine(TestPaths.SharedModels, "SHA256SUMS"))
            .Select(l => l.Split("  ", 2))
            .ToDictionary(p => p[1].Trim(), p => p[0]);
        // Derived models are made here, not shipped: their pins are checked against the rewrite (OnnxRewriterTests).
        List<ModelFile> files = ModelManifest.BuiltIn.Models.Where(m => m.Derived is null).SelectMany(m => m.Files).ToList();

        Assert.Equal(sums.Count, files.Count);
        foreach (ModelFile f in files)
        {
            Assert.Equal(sums[f.File], f.Sha256);
            Assert.Equal(new FileInfo(Path.Combine(TestPaths.SharedModels, f.File)).Length, f.Size);
        }
    }

    [Fact]
    public void A_manifest_with_a_bad_checksum_is_refused_whole()
    {
        var ex = Assert.Throws<InvalidDataException>(() =>
            new ModelManifest([
                new ModelEntry
                {
                    Id = "x",
                    Role = "ocr",
                    File = "../x.onnx",
                    Sha256 = "ABC",
                    Size = 1,
                    Url = "u",
                    Licence = "l",
                },
            ])
        );
        Assert.Contains("sha256 must be 64 lowercase hex digits", ex.Message, StringComparison.Ordinal);
        Assert.Contains("must be a plain file name", ex.Message, StringComparison.Ordinal);
        Assert.Contains("needs its plate config", ex.Message, StringComparison.Ordinal);
    }

    /// <summary>Serves one body (or 404) on a free loopback port.</summary>
    private sealed class LoopbackFileServer : IDisposable
    {
        private readonly HttpListener _listener = new();
        private readonly Task _loop;

        public LoopbackFileServer(byte[]? body)
        {
            int port = FreePort.Next();
            Url = $"http://127.0.0.1:{port}/";
            _listener.Prefixes.Add(Url);
            _listener.Start();
            _loop = Task.Run(async () =>
            {
                while (_listener.IsListening)
                {
                    HttpListenerContext ctx;
                    try
                    {
                        ctx = await _listener.GetContextAsync();
                    }
                    catch (Exception) when (!_listener.IsListening)
                    {
                        return;
                    }

                    if (body is null)
                    {
                        ctx.Response.StatusCode = 404;
                    }
                    else
                    {
                        ctx.Response.ContentLength64 = body.Length;
                        await ctx.Response.OutputStream.WriteAsync(body);
                    }

                    ctx.Response.Close();
                }
            });
        }

        public string Url { get; }

        public void Dispose()
        {
            _listener.Stop();
            _listener.Close();
            _loop.Wait(TimeSpan.FromSeconds(5));
        }
    }
}
