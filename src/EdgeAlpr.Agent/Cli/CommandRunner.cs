using EdgeAlpr.Agent.Hosting;
using EdgeAlpr.HotLists;
using EdgeAlpr.Inference.Onnx;
using EdgeAlpr.Models;
using EdgeAlpr.Recognition;
using EdgeAlpr.Storage;
using EdgeAlpr.Uplink.Transport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EdgeAlpr.Agent.Cli;

/// <summary>
/// Runs a command's body inside the host, and turns the failures a user can fix (bad settings,
/// unavailable or wrong models) into one clear message each on stderr and exit code 2.
/// </summary>
internal static class CommandRunner
{
    public static Task<int> RunAsync(
        IReadOnlyDictionary<string, string?> overrides,
        LogLevel? logLevel,
        Func<IServiceProvider, CancellationToken, Task<int>> body,
        CancellationToken cancellationToken) => RunAsync(overrides, logLevel, withUplink: false, body, cancellationToken);

    public static async Task<int> RunAsync(
        IReadOnlyDictionary<string, string?> overrides,
        LogLevel? logLevel,
        bool withUplink,
        Func<IServiceProvider, CancellationToken, Task<int>> body,
        CancellationToken cancellationToken)
    {
        try
        {
            using IHost host = AgentHost.Build(overrides, logLevel, withUplink);
            // Validates every options class now, listing all problems, before any work starts.
            await host.StartAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                return await body(host.Services, cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                await host.StopAsync(CancellationToken.None).ConfigureAwait(false);
            }
        }
        catch (OptionsValidationException ex)
        {
            foreach (string failure in ex.Failures)
            {
                await Console.Error.WriteLineAsync($"edge-alpr: configuration error: {failure}").ConfigureAwait(false);
            }

            return ExitCodes.UsageOrConfiguration;
        }
        catch (InvalidOperationException ex) when (ex.InnerException is FormatException format)
        {
            // A setting that does not convert to its type (from appsettings.json or the environment).
            await Console.Error.WriteLineAsync($"edge-alpr: configuration error: {ex.Message} {format.Message}").ConfigureAwait(false);
            return ExitCodes.UsageOrConfiguration;
        }
        catch (Exception ex) when (ex is ModelFetchException or ModelLoadException or KeyNotFoundException or InvalidDataException
            or IOException or UnauthorizedAccessException)
        {
            await Console.Error.WriteLineAsync($"edge-alpr: {ex.Message}").ConfigureAwait(false);
            return ExitCodes.UsageOrConfiguration;
        }
        catch (StoreException ex)
        {
            // Wrong or unsafe key, store in use, unreadable database: nothing was changed.
            await Console.Error.WriteLineAsync($"edge-alpr: store: {ex.Message}").ConfigureAwait(false);
            return ExitCodes.UsageOrConfiguration;
        }
        catch (UplinkConnectException ex)
        {
            await Console.Error.WriteLineAsync($"edge-alpr: uplink: {ex.Message}").ConfigureAwait(false);
            return ExitCodes.UsageOrConfiguration;
        }
        catch (HotListImportException ex)
        {
            // A refused list or update: the list in use keeps serving; nothing was changed.
            await Console.Error.WriteLineAsync($"edge-alpr: refused: {ex.Message}").ConfigureAwait(false);
            return ExitCodes.SomeInputsFailed;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await Console.Error.WriteLineAsync("edge-alpr: cancelled").ConfigureAwait(false);
            return ExitCodes.Cancelled;
        }
    }

    public static Task<PlateRecognitionEngine> CreateEngineAsync(IServiceProvider services, CancellationToken cancellationToken) =>
        PlateRecognitionEngine.CreateAsync(
            services.GetRequiredService<IOptions<RecognitionOptions>>().Value,
            services.GetRequiredService<ModelFetcher>(),
            services.GetRequiredService<ILogger<PlateRecognitionEngine>>(),
            cancellationToken);
}
