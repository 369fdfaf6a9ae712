using EdgeAlpr.Application.Evidence;
using EdgeAlpr.Application.UseCases;
using EdgeAlpr.HotLists;
using EdgeAlpr.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EdgeAlpr.Agent.Cli;

/// <summary>
/// Records a hot-list change made on the command line (a local entry added, a list imported) in
/// the store's audit trail at once when the store is free. While the agent holds the store, the
/// agent records it instead, when it next starts (the change takes effect then too).
/// </summary>
internal static class HotListAudit
{
    public static async Task RecordAsync(IServiceProvider services, HotListService service, string actor)
    {
        StoreOptions options;
        try
        {
            options = services.GetRequiredService<IOptions<StoreOptions>>().Value;
        }
        catch (OptionsValidationException)
        {
            await Console
                .Error.WriteLineAsync("edge-alpr: no evidence store is configured here; the agent audits the change when it next starts")
                .ConfigureAwait(false);
            return;
        }

        if (!Directory.Exists(options.Directory))
        {
            await Console
                .Error.WriteLineAsync($"edge-alpr: no evidence store at {options.Directory}; the agent audits the change when it first starts")
                .ConfigureAwait(false);
            return;
        }

        try
        {
            await using EvidenceStore store = EvidenceStore.Open(
                options,
                StoreKey.Resolve(options),
                services.GetRequiredService<TimeProvider>(),
                services.GetRequiredService<ILogger<EvidenceStore>>(),
                create: false
            );
            int events = new EditHotList(service).RecordInAudit(store.AuditLog, actor);
            await Console.Error.WriteLineAsync($"edge-alpr: {events} audit events recorded").ConfigureAwait(false);
        }
        catch (StoreException ex)
        {
            await Console
                .Error.WriteLineAsync(
                    $"edge-alpr: the audit trail cannot be updated now ({ex.Message}); the agent audits the change when it next starts"
                )
                .ConfigureAwait(false);
        }
    }
}
