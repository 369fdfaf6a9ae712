using EdgeAlpr.Application.Ports;
using EdgeAlpr.Application.UseCases;
using EdgeAlpr.Contracts.Evidence;
using EdgeAlpr.Core.People;
using EdgeAlpr.Core.Policy;
using EdgeAlpr.WebConsole.Http;
using EdgeAlpr.WebConsole.Wire;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace EdgeAlpr.WebConsole.Endpoints;

/// <summary>
/// The release workflow over its use cases: an investigator requests (<see cref="RequestRelease"/>), a supervisor
/// lists, approves or refuses (<see cref="DecideRelease"/>: never their own request), the requester or the approver
/// downloads the sealed package (<see cref="ViewReleases"/>, audited). Packages are written to the console's
/// releases folder (<see cref="ReleaseFolder"/>), one per request, named by its id.
/// </summary>
public static class ReleaseEndpoints
{
    public static void Map(IEndpointRouteBuilder api)
    {
        api.MapPost("/api/releases", RequestAsync);
        api.MapGet("/api/releases", ListAsync);
        api.MapPost("/api/releases/{id:guid}/approve", ApproveAsync);
        api.MapPost("/api/releases/{id:guid}/refuse", RefuseAsync);
        api.MapGet("/api/releases/{id:guid}/package", DownloadAsync);
    }

    public static string PackageUrl(Guid request) => $"/api/releases/{request:D}/package";

    private static async Task RequestAsync(HttpContext context)
    {
        ReleaseRequestWire? body = await ConsoleRequest.ReadJson<ReleaseRequestWire>(context).ConfigureAwait(false);
        if (body is null)
        {
            return;
        }

        var problems = new List<string>();
        var reads = new List<Guid>();
        foreach (string? text in body.Reads ?? [])
        {
            if (Guid.TryParse(text, out Guid id))
            {
                reads.Add(id);
            }
            else
            {
                problems.Add($"'{text}' is not a read id");
            }
        }

        ReleaseRequest request = ConsoleRequest
            .Service<RequestRelease>(context)
            .Run(
                ConsoleRequest.User(context),
                reads,
                new AuthorisedUse(body.CaseNumber, body.Purpose, body.OnBehalfOf),
                new RecipientText(body.RecipientAgency, body.RecipientOri, body.RecipientKind),
                problems
            );
        await ConsoleRequest.Json(context, Listing(request), StatusCodes.Status201Created).ConfigureAwait(false);
    }

    private static Task ListAsync(HttpContext context)
    {
        string state = context.Request.Query["state"].ToString() is { Length: > 0 } given ? given.Trim() : "pending";
        List<string> problems =
        [
            .. context.Request.Query.Keys.Where(k => k != "state").Select(k => $"'{k}' is not a filter; the one filter is state"),
        ];
        if (state is not ("pending" or "all"))
        {
            problems.Add($"state must be pending or all (is '{state}')");
        }

        if (problems.Count > 0)
        {
            return ConsoleRequest.Error(context, StatusCodes.Status400BadRequest, "the release filter is not usable", problems);
        }

        // A supervisor decides everyone's requests; anyone else sees their own (the use case asks for the request permission).
        var user = ConsoleRequest.User(context);
        IReadOnlyList<ReleaseRequest> requests = user.Can(Permission.ApproveRelease)
            ? ConsoleRequest.Service<DecideRelease>(context).List(user, all: state == "all")
            : ConsoleRequest.Service<ViewReleases>(context).Own(user, pendingOnly: state == "pending");
        return ConsoleRequest.Json(context, requests.Select(Listing).ToList());
    }

    private static async Task ApproveAsync(HttpContext context)
    {
        Guid id = Id(context);
        ApproveWire? body = await ConsoleRequest.ReadJson<ApproveWire>(context).ConfigureAwait(false);
        if (body is null)
        {
            return;
        }

        IPackageSealers sealers = ConsoleRequest.Service<IPackageSealers>(context);
        ReleaseFolder folder = ConsoleRequest.Service<ReleaseFolder>(context);
        var problems = new List<string>();
        bool generate = body.GenerateKey == true;
        if (generate == body.Passphrase is not null)
        {
            problems.Add(
                $"seal the package with a passphrase (at least {sealers.MinPassphraseLength} characters) or \"generate_key\": true, one of the two"
            );
        }
        else if (!generate && body.Passphrase!.Trim().Length < sealers.MinPassphraseLength)
        {
            problems.Add($"the passphrase must be at least {sealers.MinPassphraseLength} characters");
        }

        // With a problem the use case refuses (and audits it) before anything is sealed, so this packager is then unused.
        IEvidencePackager packager = !generate && problems.Count == 0 ? sealers.WithPassphrase(body.Passphrase!) : sealers.WithNewKey();
        string destination = folder.PackageOf(id);
        if (File.Exists(destination))
        {
            problems.Add($"a package for release request {id} is already on this unit; a package is never written over another");
        }

        // The problems go to the use case, which refuses and audits them with its own before anything is sealed.
        Released released = ConsoleRequest.Service<DecideRelease>(context).Approve(ConsoleRequest.User(context), id, destination, packager, problems);
        await ConsoleRequest.Json(context, ApprovedWire.From(id, released, PackageUrl(id))).ConfigureAwait(false);
    }

    private static async Task RefuseAsync(HttpContext context)
    {
        Guid id = Id(context);
        RefuseWire? body = await ConsoleRequest.ReadJson<RefuseWire>(context).ConfigureAwait(false);
        if (body is null)
        {
            return;
        }

        ReleaseRequest refused = ConsoleRequest.Service<DecideRelease>(context).Refuse(ConsoleRequest.User(context), id, body.Reason);
        await ConsoleRequest.Json(context, Listing(refused)).ConfigureAwait(false);
    }

    private static async Task DownloadAsync(HttpContext context)
    {
        Guid id = Id(context);
        ReleaseFolder folder = ConsoleRequest.Service<ReleaseFolder>(context);
        (ReleaseRequest request, Stream package) = ConsoleRequest
            .Service<ViewReleases>(context)
            .Download(ConsoleRequest.User(context), id, r => folder.Open(r.Id));
        await using (package.ConfigureAwait(false))
        {
            context.Response.ContentType = "application/octet-stream";
            context.Response.ContentLength = package.Length;
            context.Response.Headers.ContentDisposition = $"attachment; filename=\"{ReleaseFolder.FileName(request.Id)}\"";
            await package.CopyToAsync(context.Response.Body, context.RequestAborted).ConfigureAwait(false);
        }
    }

    private static Guid Id(HttpContext context) =>
        Guid.Parse((string)context.Request.RouteValues["id"]!, System.Globalization.CultureInfo.InvariantCulture);

    private static ReleaseListingWire Listing(ReleaseRequest r) =>
        new(ReleaseRequestRecord.From(r), [.. r.Reads.Select(ReleaseReadWire.Of)], r.State == ReleaseRequestState.Approved ? PackageUrl(r.Id) : null);
}
