using EdgeAlpr.Application.Evidence;
using EdgeAlpr.Application.HotLists;
using EdgeAlpr.Application.Imaging;
using EdgeAlpr.Core.Policy;
using EdgeAlpr.Export;
using EdgeAlpr.FileSystem;
using EdgeAlpr.Inference.Onnx;
using EdgeAlpr.Models;
using EdgeAlpr.Recognition;
using EdgeAlpr.Uplink.Transport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EdgeAlpr.Hosting.Commands;

/// <summary>
/// Runs a command's body inside the host, and turns the failures a user can fix (bad settings,
/// unavailable or wrong models) into one clear message each on stderr and exit code 2.
/// </summary>
public static class CommandRunner
{
    public static Task<int> RunAsync(
        IReadOnlyDictionary<string, string?> overrides,
        LogLevel? logLevel,
        Func<IServiceProvider, CancellationToken, Task<int>> body,
        CancellationToken cancellationToken
    ) => RunAsync(overrides, logLevel, withUplink: false, body, cancellationToken);

    public static Task<int> RunAsync(
        IReadOnlyDictionary<string, string?> overrides,
        LogLevel? logLevel,
        bool withUplink,
        Func<IServiceProvider, CancellationToken, Task<int>> body,
        CancellationToken cancellationToken
    ) =>
        GuardAsync(
            async () =>
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
            },
            cancellationToken
        );

    /// <summary>
    /// Runs the agent's host until it is told to stop (SIGTERM, Ctrl-C, or the agent itself when
    /// its recordings end), then stops it within <c>Agent:ShutdownTimeout</c>. Start-up problems
    /// (settings, models, store, cameras) are reported as for every command, exit code 2.
    /// </summary>
    public static Task<int> RunHostAsync(Func<IHost> build, Func<IHost, int> exitCode, CancellationToken cancellationToken) =>
        GuardAsync(
            async () =>
            {
                IHost host = build();
                try
                {
                    // Every settings problem first, of every section (the check `config check` makes); then the
                    // stages are built (the store opened, its key checked) while none runs yet, so a failure here
                    // has nothing to stop.
                    if (host.Services.GetService<SettingsCheck>() is { } settings)
                    {
                        settings.ThrowIfAny(host.Services);
                    }

                    host.Services.GetService<IStartupValidator>()?.Validate();
                    _ = host.Services.GetServices<IHostedService>().ToList();
                    try
                    {
                        await host.StartAsync(cancellationToken).ConfigureAwait(false);
                    }
                    catch
                    {
                        // Some stages may be up (the uplink connecting): take them down before reporting.
                        using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(5));
                        await host.StopAsync(grace.Token).ConfigureAwait(false);
                        throw;
                    }

                    IHostApplicationLifetime lifetime = host.Services.GetRequiredService<IHostApplicationLifetime>();
                    var stopping = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                    using (lifetime.ApplicationStopping.Register(() => stopping.TrySetResult()))
                    using (cancellationToken.Register(() => stopping.TrySetResult()))
                    {
                        await stopping.Task.ConfigureAwait(false);
                    }

                    // HostOptions.ShutdownTimeout bounds it.
                    await host.StopAsync(CancellationToken.None).ConfigureAwait(false);
                    return exitCode(host);
                }
                finally
                {
                    // The store is closed only here, after every stage has stopped using it.
                    await ((IAsyncDisposable)host).DisposeAsync().ConfigureAwait(false);
                }
            },
            cancellationToken
        );

    /// <summary>Turns the failures a user can fix into one clear message each and exit code 2.</summary>
    private static async Task<int> GuardAsync(Func<Task<int>> work, CancellationToken cancellationToken)
    {
        try
        {
            return await work().ConfigureAwait(false);
        }
        catch (OptionsValidationException ex)
        {
            await ReportAsync([ex]).ConfigureAwait(false);
            return ExitCodes.UsageOrConfiguration;
        }
        catch (SettingsException ex)
        {
            foreach (SettingsProblem problem in ex.Problems)
            {
                await Console.Error.WriteLineAsync($"edge-alpr: configuration error: {problem.Message}").ConfigureAwait(false);
            }

            return ExitCodes.UsageOrConfiguration;
        }
        catch (AggregateException ex) when (ex.InnerExceptions.All(e => e is OptionsValidationException))
        {
            // Several sections failed (Agent and Gpio, say): every problem of every one.
            await ReportAsync(ex.InnerExceptions.Cast<OptionsValidationException>()).ConfigureAwait(false);
            return ExitCodes.UsageOrConfiguration;
        }
        catch (InvalidOperationException ex) when (SettingsCheck.NotConverted(ex) is { } problem)
        {
            // A setting that does not convert to its type (from appsettings.json or the environment), in the words
            // `config check` uses.
            await Console.Error.WriteLineAsync($"edge-alpr: configuration error: {problem.Message}").ConfigureAwait(false);
            return ExitCodes.UsageOrConfiguration;
        }
        catch (Exception ex)
            when (ex
                    is ModelFetchException
                        or ModelLoadException
                        or KeyNotFoundException
                        or InvalidDataException
                        or DllNotFoundException
                        or IOException
                        or UnauthorizedAccessException
                        or PublicKeyFileException
            )
        {
            // A settings file that is not JSON says where in its inner exception.
            string detail = ex is InvalidDataException && ex.GetBaseException() is { } inner && inner != ex ? $" {inner.Message}" : string.Empty;
            await Console.Error.WriteLineAsync($"edge-alpr: {ex.Message}{detail}").ConfigureAwait(false);
            return ExitCodes.UsageOrConfiguration;
        }
        catch (FormatException ex)
        {
            // An argument that does not say what it must (a time, a plate pattern, a checkpoint).
            await Console.Error.WriteLineAsync($"edge-alpr: {ex.Message}").ConfigureAwait(false);
            return ExitCodes.UsageOrConfiguration;
        }
        catch (UseRefusedException ex)
        {
            // Not an authorised use: the refusal is in the audit trail, and nothing was shown or released.
            foreach (string problem in ex.Problems)
            {
                await Console.Error.WriteLineAsync($"edge-alpr: refused: {problem}").ConfigureAwait(false);
            }

            return ExitCodes.UsageOrConfiguration;
        }
        catch (ExportPackageException ex)
        {
            await Console.Error.WriteLineAsync($"edge-alpr: package: {ex.Message}").ConfigureAwait(false);
            return ExitCodes.SomeInputsFailed;
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

    private static async Task ReportAsync(IEnumerable<OptionsValidationException> failures)
    {
        foreach (string failure in failures.SelectMany(f => f.Failures))
        {
            await Console.Error.WriteLineAsync($"edge-alpr: configuration error: {failure}").ConfigureAwait(false);
        }
    }

    public static Task<PlateRecognitionEngine> CreateEngineAsync(IServiceProvider services, CancellationToken cancellationToken) =>
        PlateRecognitionEngine.CreateAsync(
            services.GetRequiredService<IOptions<RecognitionOptions>>().Value,
            services.GetRequiredService<ModelFetcher>(),
            services.GetRequiredService<IPictureOperations>(),
            services.GetRequiredService<ILogger<PlateRecognitionEngine>>(),
            cancellationToken
        );
}
