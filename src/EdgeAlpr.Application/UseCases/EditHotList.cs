using System.Globalization;
using System.Security.Cryptography;
using EdgeAlpr.Application.HotLists;
using EdgeAlpr.Application.People;
using EdgeAlpr.Application.Ports;
using EdgeAlpr.Core.HotLists;
using EdgeAlpr.Core.People;
using EdgeAlpr.Core.Plates;
using EdgeAlpr.Core.Policy;

namespace EdgeAlpr.Application.UseCases;

/// <summary>
/// A signed-in person changes the hot list kept on the unit: a supervisor adds a local "new wanted" entry, imports a
/// plain list as local entries, removes a local entry (a recovered car), or imports a signed platform update by hand
/// (a supervisor or an admin; the signature is the list's authority, the person only who brought it). Every change
/// names the person who signed in as who entered it, never a typed name, and is audited at once under them, with the
/// person they acted for beside them. The change goes into the list in use (the running agent's matcher) at once.
/// </summary>
public sealed class EditHotList(IHotLists hotLists, IAuditLog audit, TimeProvider time)
{
    // A person's change and its audit under one gate, which the agent's own catching-up (RecordInAudit, on its
    // checkpoint timer) takes too: else the agent could record the change in between, under "agent" and without the
    // person's reason. Static: a process has one hot list, and the agent's service and a console request each hold
    // their own instance of this class.
    private static readonly SemaphoreSlim Gate = new(1, 1);

    /// <summary>The local entries in use, oldest first: for supervisors, and for officers, who act on their hits.</summary>
    public IReadOnlyList<HotListEntry> ListLocal(AuthenticatedUser user)
    {
        // An officer is briefed on the unit's own wanted list as on any BOLO; what it shows a hit shows anyway.
        Access.AuthorizeAny(user, audit, "list the local hot-list entries", null, Permission.ManageLocalEntries, Permission.DecideHits);
        return [.. hotLists.Current.Entries(HotListOrigin.Local).OrderBy(e => e.EnteredAt)];
    }

    /// <summary>Adds a local entry entered by <paramref name="user"/>; bad input is refused with every problem (<see cref="UseRefusedException"/>).</summary>
    public async Task<UpdateOutcome> AddLocalAsync(AuthenticatedUser user, LocalEntryInput input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        Access.Authorize(user, Permission.ManageLocalEntries, audit, "add a local hot-list entry", input.Plate);
        HotListEntry entry = input.ToEntry(user.Login, time.GetUtcNow());
        return await ChangeAndRecordAsync(
                () => Refused(() => hotLists.AddLocalAsync(entry, cancellationToken)),
                user.Login,
                new HotListChange(null, input.Behalf),
                cancellationToken
            )
            .ConfigureAwait(false);
    }

    /// <summary>
    /// A list file brought by hand: a signed platform update (<see cref="ApplySignedAsync"/>) or a plain list added as
    /// local entries (<see cref="ImportLocalAsync"/>), told apart by how it starts.
    /// </summary>
    public Task<UpdateOutcome> ImportAsync(
        AuthenticatedUser user,
        ReadOnlyMemory<byte> file,
        ImportDefaults defaults,
        string? onBehalfOf,
        CancellationToken cancellationToken
    ) =>
        hotLists.IsSignedUpdate(file.Span)
            ? ApplySignedAsync(user, file, cancellationToken)
            : ImportLocalAsync(user, file, defaults, onBehalfOf, cancellationToken);

    /// <summary>Adds the rows of a plain list as local entries entered by <paramref name="user"/> now.</summary>
    public async Task<UpdateOutcome> ImportLocalAsync(
        AuthenticatedUser user,
        ReadOnlyMemory<byte> list,
        ImportDefaults defaults,
        string? onBehalfOf,
        CancellationToken cancellationToken
    )
    {
        ArgumentNullException.ThrowIfNull(defaults);
        Access.Authorize(user, Permission.ManageLocalEntries, audit, "import a list as local hot-list entries");
        RefuseIfAny([.. LocalEntryInput.NameProblems(onBehalfOf)]);
        ImportDefaults entered = defaults with
        {
            EnteredBy = user.Login,
            EnteredAt = time.GetUtcNow(),
            EnteredHere = true,
            Origin = HotListOrigin.Local,
        };
        return await ChangeAndRecordAsync(
                () => hotLists.ImportLocalAsync(list, entered, cancellationToken),
                user.Login,
                new HotListChange(null, Behalf(onBehalfOf)),
                cancellationToken
            )
            .ConfigureAwait(false);
    }

    /// <summary>
    /// Applies a signed platform update brought to the unit by hand, as the platform's own would be (signature, hash,
    /// version order), audited as <c>hotlist_update</c> under the person with the file's SHA-256.
    /// </summary>
    public async Task<UpdateOutcome> ApplySignedAsync(AuthenticatedUser user, ReadOnlyMemory<byte> update, CancellationToken cancellationToken)
    {
        Access.AuthorizeAny(user, audit, "import a signed hot-list update by hand", null, Permission.ManageLocalEntries, Permission.ManageSettings);
        await Gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            UpdateOutcome outcome = await hotLists.ApplyUpdateAsync(update, cancellationToken).ConfigureAwait(false);
            audit.RecordAudit(
                "hotlist_update",
                outcome.Version.ToString(CultureInfo.InvariantCulture),
                outcome.UpdateAuditDetails(new("brought", "by hand"), Convert.ToHexStringLower(SHA256.HashData(update.Span))),
                user.Login
            );
            Record(hotLists, audit, user.Login, null);
            return outcome;
        }
        finally
        {
            Gate.Release();
        }
    }

    /// <summary>
    /// Removes the local entries of a plate (in <paramref name="state"/>, or its one state), with why; a platform entry
    /// is refused (<see cref="UseRefusedException"/>): the unit cannot overrule the platform's list, only its own.
    /// </summary>
    public async Task<UpdateOutcome> RemoveLocalAsync(
        AuthenticatedUser user,
        string? plate,
        string? state,
        string? reason,
        string? onBehalfOf,
        CancellationToken cancellationToken
    )
    {
        Access.Authorize(user, Permission.ManageLocalEntries, audit, "remove a local hot-list entry", plate);
        var problems = new List<string>();
        string normalised = string.IsNullOrWhiteSpace(plate) ? "" : PlateText.Normalize(plate.Trim());
        if (normalised.Length == 0)
        {
            problems.Add("a plate is required");
        }

        string? why = string.IsNullOrWhiteSpace(reason) ? null : reason.Trim();
        if (why is null)
        {
            problems.Add("a reason is required: why the entry is removed (e.g. 'vehicle recovered, case 26-004417')");
        }
        else if (why.Length > HotListEntryRules.MaxFieldLength || why.Any(char.IsControl))
        {
            problems.Add($"the reason must be at most {HotListEntryRules.MaxFieldLength} characters, without control characters");
        }

        problems.AddRange(LocalEntryInput.NameProblems(onBehalfOf));
        RefuseIfAny(problems);
        string? st = string.IsNullOrWhiteSpace(state) ? null : PlateText.Normalize(state.Trim());
        return await ChangeAndRecordAsync(
                () => Refused(() => hotLists.RemoveLocalAsync(normalised, st, why!, cancellationToken)),
                user.Login,
                new HotListChange(why, Behalf(onBehalfOf)),
                cancellationToken
            )
            .ConfigureAwait(false);
    }

    /// <summary>
    /// Records the list in use and the local entries added or removed since the trail last saw them, under
    /// <paramref name="actor"/> (the person who changed it, or the agent catching up at its start with a change made
    /// while it was down); returns the number of events written.
    /// </summary>
    public static int RecordInAudit(IHotLists hotLists, IAuditLog audit, string actor, HotListChange? change = null)
    {
        ArgumentNullException.ThrowIfNull(hotLists);
        ArgumentNullException.ThrowIfNull(audit);
        Gate.Wait();
        try
        {
            return Record(hotLists, audit, actor, change);
        }
        finally
        {
            Gate.Release();
        }
    }

    private async Task<UpdateOutcome> ChangeAndRecordAsync(
        Func<Task<UpdateOutcome>> change,
        string actor,
        HotListChange note,
        CancellationToken cancellationToken
    )
    {
        await Gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            UpdateOutcome outcome = await change().ConfigureAwait(false);
            Record(hotLists, audit, actor, note);
            return outcome;
        }
        finally
        {
            Gate.Release();
        }
    }

    private static int Record(IHotLists hotLists, IAuditLog audit, string actor, HotListChange? change)
    {
        HotListStatus status = hotLists.Status();
        return audit.RecordHotList(status.Version, status.CreatedAt, status.Entries, hotLists.Current.Entries(HotListOrigin.Local), actor, change);
    }

    // The list refused the entry itself (its plate, a category this unit's profile does not take, no such local entry):
    // input the person can correct, said as the use case's other refusals are.
    private static async Task<UpdateOutcome> Refused(Func<Task<UpdateOutcome>> change)
    {
        try
        {
            return await change().ConfigureAwait(false);
        }
        catch (HotListImportException ex) when (ex.Code == HotListRefusal.Invalid)
        {
            throw new UseRefusedException([ex.Message]);
        }
    }

    private static void RefuseIfAny(List<string> problems)
    {
        if (problems.Count > 0)
        {
            throw new UseRefusedException(problems);
        }
    }

    private static string? Behalf(string? onBehalfOf) => string.IsNullOrWhiteSpace(onBehalfOf) ? null : onBehalfOf.Trim();
}
