using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using EdgeAlpr.Application.UseCases;
using EdgeAlpr.Contracts.Evidence;
using EdgeAlpr.Contracts.Wire;
using EdgeAlpr.Core.Policy;
using EdgeAlpr.Export;
using EdgeAlpr.Hosting.Commands;
using EdgeAlpr.Storage;
using EdgeAlpr.WebConsole.Wire;
using Microsoft.Extensions.DependencyInjection;

namespace EdgeAlpr.Agent.Cli;

/// <summary>
/// The release workflow of <c>edge-alpr export</c>: an investigator requests a release (<c>request</c>), a supervisor
/// lists the requests (<c>requests</c>) and approves one, which produces the encrypted package (<c>approve</c>), or
/// refuses it (<c>refuse</c>). Nothing but an approval produces a package.
/// </summary>
internal static class ReleaseCommands
{
    public static Command Request()
    {
        var cli = new StoreOptionsCli();
        var person = new PersonCli("You: the investigator who requests the release (your own account on this unit); audited as the requester");
        var reads = new Option<string[]>("--read") { Description = "A read to release (its id, as 'search' shows it); repeatable" };
        var caseNumber = new Option<string?>("--case-number") { Description = "The case the release is for (required)" };
        var purpose = new Option<string?>("--purpose") { Description = "The authorised purpose: the offence or law-enforcement need (required)" };
        var onBehalfOf = new Option<string?>("--on-behalf-of", "--requested-by")
        {
            Description = "The person you request it for, when not yourself (name, rank, agency); recorded beside you, never instead",
        };
        var agency = new Option<string?>("--recipient-agency") { Description = "The agency to receive the package (required)" };
        var ori = new Option<string?>("--recipient-ori") { Description = "The recipient agency's NCIC ORI, 9 letters and digits (required)" };
        var kind = new Option<string?>("--recipient-kind")
        {
            Description =
                $"What the recipient is: {RecipientKinds.LawEnforcement} or {RecipientKinds.Government} (required; nothing else may receive ALPR data)",
        };
        var command = new Command(
            "request",
            "Request the release of reads to a law-enforcement or government agency; a supervisor approves or refuses it (prints the request id)"
        );
        cli.AddTo(command);
        person.AddTo(command);
        foreach (Option o in new Option[] { reads, caseNumber, purpose, onBehalfOf, agency, ori, kind })
        {
            command.Options.Add(o);
        }

        command.SetAction(
            (parse, ct) =>
                person.RunAsync(
                    cli,
                    parse,
                    async (store, user, services, _) =>
                    {
                        var problems = new List<string>();
                        List<Guid> ids = ParseIds(parse.GetValue(reads) ?? [], problems);
                        var use = new AuthorisedUse(parse.GetValue(caseNumber), parse.GetValue(purpose), parse.GetValue(onBehalfOf));
                        var recipient = new RecipientText(parse.GetValue(agency), parse.GetValue(ori), parse.GetValue(kind));
                        ReleaseRequest request = new RequestRelease(
                            Producer(store, services),
                            store.ReleaseRequests,
                            store.AuditLog,
                            services.GetRequiredService<TimeProvider>()
                        ).Run(user, ids, use, recipient, problems);
                        if (parse.GetValue(cli.Json))
                        {
                            await Console.Out.WriteLineAsync(WireJson.Line(ReleaseRequestRecord.From(request))).ConfigureAwait(false);
                            return ExitCodes.Ok;
                        }

                        await Console
                            .Error.WriteLineAsync(
                                $"edge-alpr: release request kept pending for a supervisor: {request.Reads.Count} reads to {request.Recipient}, case {request.CaseNumber}; 'edge-alpr export approve {request.Id} --as SUPERVISOR --out FILE' produces the package"
                            )
                            .ConfigureAwait(false);
                        await Console.Out.WriteLineAsync(request.Id.ToString()).ConfigureAwait(false);
                        return ExitCodes.Ok;
                    },
                    ct,
                    async (agent, token) =>
                    {
                        ReleaseRequestRecord kept = Record(
                            await agent
                                .PostAsync(
                                    "api/releases",
                                    new ReleaseRequestWire(
                                        parse.GetValue(reads),
                                        parse.GetValue(caseNumber),
                                        parse.GetValue(purpose),
                                        parse.GetValue(onBehalfOf),
                                        parse.GetValue(agency),
                                        parse.GetValue(ori),
                                        parse.GetValue(kind)
                                    ),
                                    token
                                )
                                .ConfigureAwait(false)
                        );
                        if (parse.GetValue(cli.Json))
                        {
                            await Console.Out.WriteLineAsync(WireJson.Line(kept)).ConfigureAwait(false);
                            return ExitCodes.Ok;
                        }

                        await Console
                            .Error.WriteLineAsync(
                                $"edge-alpr: release request kept pending for a supervisor (through the running agent): {kept.Reads.Count} reads to {kept.RecipientAgency} ({kept.RecipientOri}), case {kept.CaseNumber}"
                            )
                            .ConfigureAwait(false);
                        await Console.Out.WriteLineAsync(kept.RequestId.ToString()).ConfigureAwait(false);
                        return ExitCodes.Ok;
                    }
                )
        );
        return command;
    }

    public static Command List()
    {
        var cli = new StoreOptionsCli();
        var person = new PersonCli("You: a supervisor (your own account on this unit)");
        var all = new Option<bool>("--all") { Description = "Every request kept, decided ones too (else the pending ones)" };
        var command = new Command("requests", "List the release requests waiting for a supervisor's decision (--all: every one kept)");
        cli.AddTo(command);
        person.AddTo(command);
        command.Options.Add(all);
        command.SetAction(
            (parse, ct) =>
                person.RunAsync(
                    cli,
                    parse,
                    async (store, user, services, _) =>
                    {
                        IReadOnlyList<ReleaseRequest> requests = Decisions(store, services).List(user, parse.GetValue(all));
                        bool json = parse.GetValue(cli.Json);
                        foreach (ReleaseRequest r in requests)
                        {
                            await Console
                                .Out.WriteLineAsync(
                                    json
                                        ? WireJson.Line(ReleaseRequestRecord.From(r))
                                        : string.Create(
                                            CultureInfo.InvariantCulture,
                                            $"{r.Id}  {r.RequestedAt:yyyy-MM-dd HH:mm}  {ReleaseRequestStates.Name(r.State), -8}  {r.RequestedBy}{(r.OnBehalfOf is { } b ? $" for {b}" : string.Empty)}  case {r.CaseNumber}  {r.Reads.Count} reads to {r.Recipient}  \"{r.Purpose}\"{Decision(r)}"
                                        )
                                )
                                .ConfigureAwait(false);
                        }

                        if (!json)
                        {
                            await Console
                                .Error.WriteLineAsync(
                                    $"edge-alpr: {requests.Count} {(parse.GetValue(all) ? string.Empty : "pending ")}release requests"
                                )
                                .ConfigureAwait(false);
                        }

                        return ExitCodes.Ok;
                    },
                    ct,
                    async (agent, token) =>
                    {
                        List<ReleaseListingWire> listed = (
                            await agent.GetAsync($"api/releases?state={(parse.GetValue(all) ? "all" : "pending")}", token).ConfigureAwait(false)
                        ).Deserialize<List<ReleaseListingWire>>(WireJson.Options) ?? [];
                        bool json = parse.GetValue(cli.Json);
                        foreach (ReleaseRequestRecord r in listed.Select(l => l.Request))
                        {
                            await Console
                                .Out.WriteLineAsync(
                                    json
                                        ? WireJson.Line(r)
                                        : string.Create(
                                            CultureInfo.InvariantCulture,
                                            $"{r.RequestId}  {r.RequestedAt:yyyy-MM-dd HH:mm}  {r.State, -8}  {r.RequestedBy}{(r.OnBehalfOf is { } b ? $" for {b}" : string.Empty)}  case {r.CaseNumber}  {r.Reads.Count} reads to {r.RecipientAgency} ({r.RecipientOri})  \"{r.Purpose}\"{(r.DecidedBy is null ? string.Empty : $"  {r.State} by {r.DecidedBy}")}"
                                        )
                                )
                                .ConfigureAwait(false);
                        }

                        return ExitCodes.Ok;
                    }
                )
        );
        return command;
    }

    public static Command Approve()
    {
        var cli = new StoreOptionsCli();
        var person = new PersonCli(
            "You: the supervisor who approves it, never its requester (your own account on this unit); audited as the releaser"
        );
        var request = new Argument<string>("REQUEST") { Description = "The release request's id, as 'export requests' lists it" };
        var output = new Option<string?>("--out") { Description = "The package file to write (never replaced)" };
        var passphraseFile = new Option<string?>("--passphrase-file")
        {
            Description =
                $"Seal with the passphrase in this file (mode 0600); or set {ExportCommand.PassphraseVariable}. Without either, a random key is printed once",
        };
        var passphraseStdin = new Option<bool>("--passphrase-stdin") { Description = "Seal with the passphrase on the first line of standard input" };
        var command = new Command(
            "approve",
            "Approve a release request: its reads are checked again and released as an encrypted evidence package (AES-256-GCM) with its dissemination record"
        );
        cli.AddTo(command);
        person.AddTo(command);
        command.Arguments.Add(request);
        foreach (Option o in new Option[] { output, passphraseFile, passphraseStdin })
        {
            command.Options.Add(o);
        }

        command.SetAction(
            (parse, ct) =>
                person.RunAsync(
                    cli,
                    parse,
                    async (store, user, services, token) =>
                    {
                        Guid id = RequestId(parse.GetValue(request));
                        var problems = new List<string>();
                        string? path = parse.GetValue(output);
                        if (string.IsNullOrWhiteSpace(path))
                        {
                            problems.Add("name the package file to write (--out FILE)");
                        }
                        else if (File.Exists(path))
                        {
                            problems.Add($"{path} exists; a package is never written over another file");
                        }

                        PackageSecret secret = await ExportCommand
                            .SealingSecretAsync(parse.GetValue(passphraseFile), parse.GetValue(passphraseStdin), token)
                            .ConfigureAwait(false);
                        Released released = Decisions(store, services).Approve(user, id, path ?? string.Empty, new PackageSealer(secret), problems);
                        return await ExportCommand.ReportAsync(released, parse.GetValue(cli.Json)).ConfigureAwait(false);
                    },
                    ct,
                    async (agent, token) =>
                    {
                        // The agent seals the package in its own releases folder; it is then fetched here to --out.
                        Guid id = RequestId(parse.GetValue(request));
                        string? path = parse.GetValue(output);
                        if (string.IsNullOrWhiteSpace(path) || File.Exists(path))
                        {
                            throw new FormatException(
                                string.IsNullOrWhiteSpace(path)
                                    ? "name the package file to write (--out FILE)"
                                    : $"{path} exists; a package is never written over another file"
                            );
                        }

                        PackageSecret secret = await ExportCommand
                            .SealingSecretAsync(parse.GetValue(passphraseFile), parse.GetValue(passphraseStdin), token)
                            .ConfigureAwait(false);
                        ApprovedWire approved = (
                            await agent
                                .PostAsync($"api/releases/{id:D}/approve", new ApproveWire(secret.Passphrase, secret.Passphrase is null), token)
                                .ConfigureAwait(false)
                        ).Deserialize<ApprovedWire>(WireJson.Options) ?? throw new InvalidDataException("the agent answered no approval");
                        await agent.DownloadAsync(approved.PackageUrl, path, token).ConfigureAwait(false);
                        if (parse.GetValue(cli.Json))
                        {
                            await Console
                                .Out.WriteLineAsync(WireJson.Line(approved with { PackageUrl = Path.GetFullPath(path) }))
                                .ConfigureAwait(false);
                            return ExitCodes.Ok;
                        }

                        await Console
                            .Error.WriteLineAsync(
                                $"edge-alpr: released {approved.Reads} reads ({approved.Images} images) through the running agent as {path} (SHA-256 {approved.PackageSha256}); dissemination {approved.DisseminationId}"
                            )
                            .ConfigureAwait(false);
                        if (approved.Key is { } key)
                        {
                            // Shown once, as the agent answered it once: the recipient needs it to open the package.
                            await Console.Out.WriteLineAsync(key).ConfigureAwait(false);
                        }

                        return ExitCodes.Ok;
                    }
                )
        );
        return command;
    }

    public static Command Refuse()
    {
        var cli = new StoreOptionsCli();
        var person = new PersonCli("You: the supervisor who refuses it (your own account on this unit)");
        var request = new Argument<string>("REQUEST") { Description = "The release request's id, as 'export requests' lists it" };
        var reason = new Option<string?>("--reason") { Description = "Why it is refused (required; kept with the request and audited)" };
        var command = new Command("refuse", "Refuse a release request, with the reason; nothing is released");
        cli.AddTo(command);
        person.AddTo(command);
        command.Arguments.Add(request);
        command.Options.Add(reason);
        command.SetAction(
            (parse, ct) =>
                person.RunAsync(
                    cli,
                    parse,
                    async (store, user, services, _) =>
                    {
                        ReleaseRequest refused = Decisions(store, services).Refuse(user, RequestId(parse.GetValue(request)), parse.GetValue(reason));
                        await Console
                            .Out.WriteLineAsync(
                                parse.GetValue(cli.Json)
                                    ? WireJson.Line(ReleaseRequestRecord.From(refused))
                                    : $"release request {refused.Id} refused: {refused.RefusalReason}"
                            )
                            .ConfigureAwait(false);
                        return ExitCodes.Ok;
                    },
                    ct,
                    async (agent, token) =>
                    {
                        ReleaseRequestRecord refused = Record(
                            await agent
                                .PostAsync(
                                    $"api/releases/{RequestId(parse.GetValue(request)):D}/refuse",
                                    new RefuseWire(parse.GetValue(reason)),
                                    token
                                )
                                .ConfigureAwait(false)
                        );
                        await Console
                            .Out.WriteLineAsync(
                                parse.GetValue(cli.Json)
                                    ? WireJson.Line(refused)
                                    : $"release request {refused.RequestId} refused: {refused.RefusalReason}"
                            )
                            .ConfigureAwait(false);
                        return ExitCodes.Ok;
                    }
                )
        );
        return command;
    }

    // A request record as the agent answered it (a listing: the record, its reads' image links, the package's).
    private static ReleaseRequestRecord Record(JsonElement answer) =>
        (answer.Deserialize<ReleaseListingWire>(WireJson.Options) ?? throw new InvalidDataException("the agent answered no release request")).Request;

    private static ReleaseEvidence Producer(EvidenceStore store, IServiceProvider services) =>
        new(store.Reads, store.Retention, store.DisseminationLog, store.AuditLog, services.GetRequiredService<UsePolicy>());

    private static DecideRelease Decisions(EvidenceStore store, IServiceProvider services) =>
        new(Producer(store, services), store.ReleaseRequests, store.AuditLog, services.GetRequiredService<TimeProvider>());

    private static string Decision(ReleaseRequest r) =>
        r.State switch
        {
            ReleaseRequestState.Approved => $"  approved by {r.DecidedBy}: dissemination {r.DisseminationId}",
            ReleaseRequestState.Refused => $"  refused by {r.DecidedBy}: {r.RefusalReason}",
            _ => string.Empty,
        };

    private static Guid RequestId(string? text) =>
        Guid.TryParse(text, out Guid id)
            ? id
            : throw new FormatException($"'{text}' is not a release request id ('edge-alpr export requests' lists them)");

    private static List<Guid> ParseIds(IEnumerable<string> given, List<string> problems)
    {
        var ids = new List<Guid>();
        foreach (string text in given)
        {
            if (Guid.TryParse(text, out Guid id))
            {
                ids.Add(id);
            }
            else
            {
                problems.Add($"'{text}' is not a read id");
            }
        }

        return ids;
    }
}
