using EdgeAlpr.Application.HotLists;
using EdgeAlpr.Application.Ports;
using EdgeAlpr.Application.UseCases;
using EdgeAlpr.Core.HotLists;
using EdgeAlpr.WebConsole.Http;
using EdgeAlpr.WebConsole.Wire;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Routing;

namespace EdgeAlpr.WebConsole.Endpoints;

/// <summary>
/// The unit's local hot-list entries over <see cref="EditHotList"/>: a supervisor lists, adds and removes them, or
/// imports a list (a plain one as local entries, a signed platform update as the platform's); officers may list them.
/// Each change goes into the list the running agent matches against at once (the same hot list instance), and reads
/// already kept that a new entry matches are raised as hits.
/// </summary>
public static class HotListEndpoints
{
    public static void Map(IEndpointRouteBuilder api)
    {
        api.MapGet("/api/hotlist/local", ListAsync);
        api.MapPost("/api/hotlist/local", AddAsync);
        api.MapPost("/api/hotlist/local/remove", RemoveAsync);
        api.MapPost("/api/hotlist/import", ImportAsync);
    }

    private static Task ListAsync(HttpContext context)
    {
        IReadOnlyList<HotListEntry> entries = ConsoleRequest.Service<EditHotList>(context).ListLocal(ConsoleRequest.User(context));
        return ConsoleRequest.Json(context, entries.Select(LocalEntryWire.Of).ToList());
    }

    private static async Task AddAsync(HttpContext context)
    {
        LocalEntryRequestWire? body = await ConsoleRequest.ReadJson<LocalEntryRequestWire>(context).ConfigureAwait(false);
        if (body is null)
        {
            return;
        }

        UpdateOutcome outcome = await ConsoleRequest
            .Service<EditHotList>(context)
            .AddLocalAsync(ConsoleRequest.User(context), body.Input(), context.RequestAborted)
            .ConfigureAwait(false);
        await ConsoleRequest.Json(context, HotListChangeWire.Of(outcome), StatusCodes.Status201Created).ConfigureAwait(false);
    }

    private static async Task RemoveAsync(HttpContext context)
    {
        LocalRemovalWire? body = await ConsoleRequest.ReadJson<LocalRemovalWire>(context).ConfigureAwait(false);
        if (body is null)
        {
            return;
        }

        UpdateOutcome outcome = await ConsoleRequest
            .Service<EditHotList>(context)
            .RemoveLocalAsync(ConsoleRequest.User(context), body.Plate, body.State, body.Reason, body.OnBehalfOf, context.RequestAborted)
            .ConfigureAwait(false);
        await ConsoleRequest.Json(context, HotListChangeWire.Of(outcome)).ConfigureAwait(false);
    }

    /// <summary>
    /// The file as the body (<c>application/octet-stream</c>: a type a page elsewhere cannot send without the browser
    /// asking first), up to <c>HotList:MaxUpdateBytes</c>; <c>category</c>, <c>source</c> and <c>on_behalf_of</c> in
    /// the query for a plain list.
    /// </summary>
    private static async Task ImportAsync(HttpContext context)
    {
        IHotLists hotLists = ConsoleRequest.Service<IHotLists>(context);
        if (!string.Equals(context.Request.ContentType, "application/octet-stream", StringComparison.OrdinalIgnoreCase))
        {
            await ConsoleRequest
                .Error(context, StatusCodes.Status415UnsupportedMediaType, "send the list file as the body (Content-Type: application/octet-stream)")
                .ConfigureAwait(false);
            return;
        }

        var problems = new List<string>();
        string[] known = ["category", "source", "on_behalf_of"];
        problems.AddRange(
            context.Request.Query.Keys.Where(k => !known.Contains(k)).Select(k => $"'{k}' is not an import option ({string.Join(", ", known)})")
        );
        HotListCategory? category = null;
        if (context.Request.Query["category"].ToString() is { Length: > 0 } text)
        {
            category = HotListCategories.TryParse(text, out HotListCategory c) ? c : null;
            if (category is null)
            {
                problems.Add($"unknown category '{Echo.Of(text)}' (known: {HotListCategories.Describe()})");
            }
        }

        if (problems.Count > 0)
        {
            await ConsoleRequest.Error(context, StatusCodes.Status400BadRequest, "the import is not usable", problems).ConfigureAwait(false);
            return;
        }

        // The console's 64 KiB limit is for forms; a list may be as large as the hot list takes.
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = hotLists.MaxUpdateBytes;
        }

        byte[] file;
        try
        {
            using var buffer = new MemoryStream();
            await context.Request.Body.CopyToAsync(buffer, context.RequestAborted).ConfigureAwait(false);
            file = buffer.ToArray();
        }
        catch (Microsoft.AspNetCore.Http.BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            await ConsoleRequest
                .Error(
                    context,
                    StatusCodes.Status413PayloadTooLarge,
                    $"the file is larger than HotList:MaxUpdateBytes ({hotLists.MaxUpdateBytes} bytes)"
                )
                .ConfigureAwait(false);
            return;
        }

        EditHotList edit = ConsoleRequest.Service<EditHotList>(context);
        try
        {
            UpdateOutcome outcome = await edit.ImportAsync(
                    ConsoleRequest.User(context),
                    file,
                    new ImportDefaults
                    {
                        Category = category,
                        Source = context.Request.Query["source"].ToString() is { Length: > 0 } source ? source.Trim().ToUpperInvariant() : "LOCAL",
                    },
                    context.Request.Query["on_behalf_of"].ToString() is { Length: > 0 } behalf ? behalf : null,
                    context.RequestAborted
                )
                .ConfigureAwait(false);
            await ConsoleRequest.Json(context, HotListChangeWire.Of(outcome)).ConfigureAwait(false);
        }
        catch (HotListImportException ex) when (ex.Code != HotListRefusal.Busy)
        {
            // Refused whole, the list in use untouched: the file is what is wrong (its rows, its signature, its version).
            await ConsoleRequest
                .Error(
                    context,
                    StatusCodes.Status400BadRequest,
                    $"the list was refused, the one in use serves on: {ex.Message}",
                    [.. (ex.Summary?.Errors ?? []).Take(20).Select(e => $"line {e.Line}: {e.Reason}")],
                    ex.Code
                )
                .ConfigureAwait(false);
        }
    }
}
