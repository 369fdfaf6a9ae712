using System.Security.Cryptography;
using EdgeAlpr.Models.Onnx;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace EdgeAlpr.Models;

/// <summary>
/// Makes sure model files are in the models folder and verified: kept when present with the
/// right SHA-256, otherwise copied from a local mirror or downloaded from upstream. A file is
/// written under a temporary name and only renamed into place after it verifies, so an
/// interrupted fetch never leaves a half file where the engine would load it. A derived file
/// (<see cref="ModelDerivation"/>) is made from its source model's verified weights instead, and
/// verified the same way.
/// </summary>
public sealed partial class ModelFetcher
{
    private readonly ModelManifest _manifest;
    private readonly HttpClient? _http;
    private readonly ILogger _logger;

    public ModelFetcher(ModelManifest manifest, ModelStoreOptions options, HttpClient? http = null, ILogger<ModelFetcher>? logger = null)
    {
        _manifest = manifest;
        _http = http;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        ModelsDirectory = Path.GetFullPath(
            string.IsNullOrWhiteSpace(options.ModelsDirectory) ? ModelLocations.DefaultModelsDirectory() : options.ModelsDirectory
        );
        Mirrors = options.MirrorDirectories.Count > 0 ? options.MirrorDirectories.Select(Path.GetFullPath).ToList() : ModelLocations.DefaultMirrors();
        AllowDownload = options.AllowDownload;
        DownloadTimeout = options.DownloadTimeout;
    }

    public string ModelsDirectory { get; }

    public IReadOnlyList<string> Mirrors { get; }

    public bool AllowDownload { get; }

    public TimeSpan DownloadTimeout { get; }

    public ModelManifest Manifest => _manifest;

    /// <summary>Fetches every model in the manifest.</summary>
    public async Task<IReadOnlyList<FetchOutcome>> FetchAllAsync(CancellationToken cancellationToken)
    {
        var outcomes = new List<FetchOutcome>();
        foreach (ModelEntry model in _manifest.Models)
        {
            foreach (ModelFile file in model.Files)
            {
                outcomes.Add(await FetchFileAsync(file, cancellationToken).ConfigureAwait(false));
            }
        }

        return outcomes;
    }

    /// <summary>Fetches one model's files on demand and returns their verified paths.</summary>
    public async Task<ModelPaths> EnsureAsync(ModelEntry model, CancellationToken cancellationToken)
    {
        FetchOutcome weights = await FetchFileAsync(model.Weights, cancellationToken).ConfigureAwait(false);
        string? config = null;
        if (model.Config is not null)
        {
            config = (await FetchFileAsync(model.Config, cancellationToken).ConfigureAwait(false)).Path;
        }

        return new ModelPaths(model, weights.Path, config);
    }

    public async Task<FetchOutcome> FetchFileAsync(ModelFile file, CancellationToken cancellationToken)
    {
        string target = Path.Combine(ModelsDirectory, file.File);
        if (File.Exists(target))
        {
            string actual = await HashFileAsync(target, cancellationToken).ConfigureAwait(false);
            if (actual == file.Sha256)
            {
                return new FetchOutcome(file.File, target, FetchSource.Present, target, actual, new FileInfo(target).Length);
            }

            LogStaleFile(_logger, file.File, file.Sha256, actual);
        }

        Directory.CreateDirectory(ModelsDirectory);
        if (file.Derived is { } derivation)
        {
            return await DeriveAsync(file, derivation, cancellationToken).ConfigureAwait(false);
        }

        foreach (string mirror in Mirrors)
        {
            string source = Path.Combine(mirror, file.File);
            if (!File.Exists(source))
            {
                continue;
            }

            // A mirror that holds the wrong bytes is refused outright rather than skipped: it
            // means someone's copy was altered, and that must be seen, not papered over.
            await using FileStream input = OpenRead(source);
            FetchOutcome copied = await WriteVerifiedAsync(file, input, source, FetchSource.Mirror, cancellationToken).ConfigureAwait(false);
            LogFetched(_logger, file.File, "mirror", source);
            return copied;
        }

        if (!AllowDownload || _http is null)
        {
            throw new ModelFetchException(
                $"model file {file.File} is not in {ModelsDirectory} nor in any mirror ({DescribeMirrors()}), and downloads are off; "
                    + $"copy it there or allow downloads from {file.Url}"
            );
        }

        FetchOutcome downloaded = await DownloadAsync(file, cancellationToken).ConfigureAwait(false);
        LogFetched(_logger, file.File, "download", file.Url);
        return downloaded;
    }

    public static async Task<string> HashFileAsync(string path, CancellationToken cancellationToken)
    {
        await using FileStream stream = OpenRead(path);
        byte[] hash = await SHA256.HashDataAsync(stream, cancellationToken).ConfigureAwait(false);
        return Convert.ToHexStringLower(hash);
    }

    /// <summary>
    /// Makes a derived file from its source model's weights (fetched and verified first) and installs it
    /// only if it hashes to what the manifest pins: the transform is deterministic, so a different hash
    /// means different code or a different source, never something to run unnoticed.
    /// </summary>
    private async Task<FetchOutcome> DeriveAsync(ModelFile file, ModelDerivation derivation, CancellationToken cancellationToken)
    {
        ModelEntry source = _manifest.Models.FirstOrDefault(m => m.Id == derivation.From)
            ?? throw new ModelFetchException($"model file {file.File} is derived from '{derivation.From}', which the manifest does not list");
        FetchOutcome input = await FetchFileAsync(source.Weights, cancellationToken).ConfigureAwait(false);
        byte[] bytes = await File.ReadAllBytesAsync(input.Path, cancellationToken).ConfigureAwait(false);
        byte[] derived;
        try
        {
            derived = derivation.Transform switch
            {
                ModelDerivation.Dequantize => DynamicQuantizationRemover.Rewrite(bytes).Bytes,
                _ => throw new ModelFetchException($"model file {file.File}: unknown derivation transform '{derivation.Transform}'"),
            };
        }
        catch (OnnxFormatException ex)
        {
            throw new ModelFetchException($"could not derive model file {file.File} from {source.File}: {ex.Message}", ex);
        }

        string origin = $"{derivation.Transform} of {input.Path}";
        await using var stream = new MemoryStream(derived, writable: false);
        FetchOutcome outcome = await WriteVerifiedAsync(file, stream, origin, FetchSource.Derived, cancellationToken).ConfigureAwait(false);
        LogFetched(_logger, file.File, "derived", origin);
        return outcome;
    }

    private async Task<FetchOutcome> DownloadAsync(ModelFile file, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(DownloadTimeout);
        try
        {
            using HttpResponseMessage response = await _http!
                .GetAsync(new Uri(file.Url), HttpCompletionOption.ResponseHeadersRead, timeout.Token)
                .ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                throw new ModelFetchException(
                    $"could not download model file {file.File} from {file.Url}: HTTP {(int)response.StatusCode} {response.ReasonPhrase}"
                );
            }

            await using Stream body = await response.Content.ReadAsStreamAsync(timeout.Token).ConfigureAwait(false);
            return await WriteVerifiedAsync(file, body, file.Url, FetchSource.Download, timeout.Token).ConfigureAwait(false);
        }
        catch (Exception ex)
            when (ex is HttpRequestException or IOException || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            string why = ex is OperationCanceledException ? $"timed out after {DownloadTimeout}" : ex.Message;
            throw new ModelFetchException(
                $"could not download model file {file.File} from {file.Url} ({why}); " + $"no mirror had it ({DescribeMirrors()})",
                ex
            );
        }
    }

    /// <summary>Copies <paramref name="input"/> to a temporary file while hashing, and renames it into place only if it verifies.</summary>
    private async Task<FetchOutcome> WriteVerifiedAsync(
        ModelFile file,
        Stream input,
        string origin,
        FetchSource source,
        CancellationToken cancellationToken
    )
    {
        string target = Path.Combine(ModelsDirectory, file.File);
        string partial = Path.Combine(ModelsDirectory, $".partial-{file.File}-{Guid.NewGuid():N}");
        try
        {
            using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            long total = 0;
            await using (var output = new FileStream(partial, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, useAsync: true))
            {
                byte[] buffer = new byte[81920];
                int n;
                while ((n = await input.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
                {
                    total += n;
                    // A wrong or hostile source must not fill the disk: nothing valid is larger than the manifest says.
                    if (total > file.Size)
                    {
                        throw new ModelFetchException(
                            $"checksum mismatch for model file {file.File} from {origin}: it is larger than the {file.Size} bytes the manifest states; refused"
                        );
                    }

                    sha.AppendData(buffer, 0, n);
                    await output.WriteAsync(buffer.AsMemory(0, n), cancellationToken).ConfigureAwait(false);
                }

                await output.FlushAsync(cancellationToken).ConfigureAwait(false);
                output.Flush(flushToDisk: true);
            }

            string actual = Convert.ToHexStringLower(sha.GetHashAndReset());
            if (actual != file.Sha256 && source == FetchSource.Derived)
            {
                throw new ModelFetchException(
                    $"checksum mismatch for derived model file {file.File} ({origin}): expected SHA-256 {file.Sha256}, got {actual} ({total} bytes); "
                        + "refused: the source or the rewriter is not the one the manifest was pinned with"
                );
            }

            if (actual != file.Sha256)
            {
                throw new ModelFetchException(
                    $"checksum mismatch for model file {file.File} from {origin}: expected SHA-256 {file.Sha256}, got {actual} ({total} bytes); refused"
                );
            }

            File.Move(partial, target, overwrite: true);
            return new FetchOutcome(file.File, target, source, origin, actual, total);
        }
        finally
        {
            if (File.Exists(partial))
            {
                File.Delete(partial);
            }
        }
    }

    private string DescribeMirrors() => Mirrors.Count == 0 ? "none configured" : string.Join(", ", Mirrors);

    private static FileStream OpenRead(string path) => new(path, FileMode.Open, FileAccess.Read, FileShare.Read, 81920, useAsync: true);

    [LoggerMessage(
        Level = LogLevel.Warning,
        Message = "Model file {File} in the models folder does not verify (expected {Expected}, got {Actual}); fetching it again"
    )]
    private static partial void LogStaleFile(ILogger logger, string file, string expected, string actual);

    [LoggerMessage(Level = LogLevel.Information, Message = "Model file {File} verified and installed ({Source}: {Origin})")]
    private static partial void LogFetched(ILogger logger, string file, string source, string origin);
}
