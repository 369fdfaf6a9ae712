using System.Text;
using EdgeAlpr.Application.HotLists;
using EdgeAlpr.Application.People;
using EdgeAlpr.Application.UseCases;
using EdgeAlpr.Core.HotLists;
using EdgeAlpr.Core.People;
using EdgeAlpr.Core.Policy;
using EdgeAlpr.Core.Recognition;

namespace EdgeAlpr.HotLists.Tests;

/// <summary>The use case a supervisor changes the unit's own entries through, over the real hot list.</summary>
public sealed class EditHotListTests : IDisposable
{
    private static readonly AuthenticatedUser Supervisor = User("sup.ray", Role.Supervisor);
    private static readonly AuthenticatedUser Officer = User("ofc.lee", Role.Officer);
    private static readonly AuthenticatedUser Admin = User("adm.roe", Role.Admin);

    private readonly Platform _platform = new();
    private readonly RecordedTrail _trail = new();
    private readonly HotListService _service;
    private readonly EditHotList _edit;

    public EditHotListTests()
    {
        _service = _platform.Service();
        _edit = new EditHotList(_service, _trail, _platform.Clock);
    }

    public void Dispose()
    {
        _service.Dispose();
        _platform.Dispose();
    }

    [Fact]
    public async Task A_supervisor_adds_an_entry_entered_by_them_matched_at_once_and_audited_under_them_with_whom_they_acted_for()
    {
        await _service.LoadAsync(default);
        UpdateOutcome added = await _edit.AddLocalAsync(
            Supervisor,
            new LocalEntryInput("new-4321", "il", "amber", " AMBER alert 26-1123 ", "2099-12-31", "2019 TOYT CAM SIL", "26-1123", "Lt. K. Moss"),
            default
        );

        Assert.Equal((1, 1), (added.Added, added.Entries));
        HotListHit hit = Assert.Single(_service.Current.Hits([new PlateCandidate("NEW4321", 0.9f)], "IL", _platform.Clock.GetUtcNow()));
        HotListEntry entry = hit.Entry;
        Assert.Equal(
            ("sup.ray", _platform.Clock.GetUtcNow(), HotListCategory.AmberAlert, "AMBER alert 26-1123", HotListOrigin.Local),
            (entry.EnteredBy, entry.EnteredAt, entry.Category, entry.Reason, entry.Origin)
        );
        Assert.Equal(new DateTimeOffset(2100, 1, 1, 0, 0, 0, TimeSpan.Zero), entry.Expires);
        (string actor, HotListChange? change, List<HotListEntry> local) = Assert.Single(_trail.HotListRecords);
        Assert.Equal(("sup.ray", "Lt. K. Moss", null), (actor, change?.OnBehalfOf, change?.Reason));
        Assert.Equal("NEW4321", Assert.Single(local).Plate);
    }

    [Fact]
    public async Task The_agents_catching_up_with_the_list_waits_for_a_change_in_progress_so_the_change_is_audited_under_the_person()
    {
        await _service.LoadAsync(default);
        var held = new HeldHotLists(_service);
        var edit = new EditHotList(held, _trail, _platform.Clock);
        Task<UpdateOutcome> adding = edit.AddLocalAsync(
            Supervisor,
            new LocalEntryInput("NEW4321", "IL", "amber", "AMBER alert 26-1123", null, null, null, "Lt. K. Moss"),
            default
        );
        await held.Changed;

        // The agent's checkpoint timer, while the entry is in the list but not yet audited: it must not record it first.
        Task<int> agent = Task.Run(() => EditHotList.RecordInAudit(_service, _trail, "agent"));
        await Task.WhenAny(agent, Task.Delay(500));
        held.Release();
        await adding;
        await agent;

        (string actor, HotListChange? change, List<HotListEntry> local) = _trail.HotListRecords[0];
        Assert.Equal(("sup.ray", "Lt. K. Moss", "NEW4321"), (actor, change?.OnBehalfOf, Assert.Single(local).Plate));
    }

    [Fact]
    public async Task A_supervisor_removes_a_local_entry_with_why_and_the_plate_stops_matching()
    {
        await _service.LoadAsync(default);
        await _edit.AddLocalAsync(Supervisor, Input("LOC4321", "IL"), default);
        await _edit.AddLocalAsync(Supervisor, Input("KEEP777", null), default);

        UpdateOutcome removed = await _edit.RemoveLocalAsync(Supervisor, "loc 4321", null, "vehicle recovered, case 26-1123", null, default);

        Assert.Equal((1, 1), (removed.Removed, removed.Entries));
        Assert.Equal(("LOC4321", "IL"), (Assert.Single(removed.RemovedEntries).Plate, removed.RemovedEntries[0].State));
        Assert.Empty(_service.Current.Hits([new PlateCandidate("LOC4321", 0.9f)], "IL", _platform.Clock.GetUtcNow()));
        (string actor, HotListChange? change, List<HotListEntry> local) = _trail.HotListRecords[^1];
        Assert.Equal(("sup.ray", "vehicle recovered, case 26-1123"), (actor, change?.Reason));
        Assert.Equal("KEEP777", Assert.Single(local).Plate);

        // Kept on disk: a restart does not bring it back.
        using HotListService restarted = _platform.Service();
        await restarted.LoadAsync(default);
        Assert.Equal(["KEEP777"], restarted.Current.Entries(HotListOrigin.Local).Select(e => e.Plate));
    }

    [Fact]
    public async Task An_officer_is_refused_every_change_and_the_refusal_is_audited_but_may_list_the_entries()
    {
        await _service.LoadAsync(default);
        await _edit.AddLocalAsync(Supervisor, Input("LOC4321", null), default);

        AccessDeniedException add = await Assert.ThrowsAsync<AccessDeniedException>(() =>
            _edit.AddLocalAsync(Officer, Input("OFC1234", null), default)
        );
        Assert.Contains("ManageLocalEntries", add.Message, StringComparison.OrdinalIgnoreCase);
        await Assert.ThrowsAsync<AccessDeniedException>(() => _edit.RemoveLocalAsync(Officer, "LOC4321", null, "recovered", null, default));
        await Assert.ThrowsAsync<AccessDeniedException>(() =>
            _edit.ImportAsync(Officer, Encoding.UTF8.GetBytes("plate,category\nABC1234,stolen\n"), new ImportDefaults(), null, default)
        );

        Assert.Equal(3, _trail.Events.Count(e => e.Action == "access_denied" && e.Actor == "ofc.lee"));
        Assert.Equal("OFC1234", _trail.Events[0].Subject);
        Assert.Equal("add a local hot-list entry", _trail.Events[0].Details["attempted"]);
        Assert.Equal(["LOC4321"], _service.Current.Entries().Select(e => e.Plate));
        Assert.Equal("LOC4321", Assert.Single(_edit.ListLocal(Officer)).Plate);
        await Assert.ThrowsAsync<AccessDeniedException>(() => Task.FromResult(_edit.ListLocal(Admin)));
    }

    [Fact]
    public async Task A_platform_entry_cannot_be_removed_on_the_unit_and_bad_input_is_refused_with_every_problem()
    {
        await _service.LoadAsync(default);
        await _service.ApplyUpdateAsync(_platform.Full(1, "plate,state,category,source\nABC1234,IL,stolen,NCIC\n"), default);

        UseRefusedException platform = await Assert.ThrowsAsync<UseRefusedException>(() =>
            _edit.RemoveLocalAsync(Supervisor, "ABC1234", null, "owner says it was found", null, default)
        );
        Assert.Equal(
            "ABC1234 is on the platform's list (NCIC), not a local entry: it cannot be removed on the unit; the platform removes it in its next update",
            Assert.Single(platform.Problems)
        );
        Assert.Single(_service.Current.Hits([new PlateCandidate("ABC1234", 0.9f)], "IL", _platform.Clock.GetUtcNow()));

        UseRefusedException missing = await Assert.ThrowsAsync<UseRefusedException>(() =>
            _edit.RemoveLocalAsync(Supervisor, "ZZZ999", "WI", "recovered", null, default)
        );
        Assert.Equal("there is no local entry for ZZZ999 in WI", Assert.Single(missing.Problems));

        UseRefusedException noReason = await Assert.ThrowsAsync<UseRefusedException>(() =>
            _edit.RemoveLocalAsync(Supervisor, " ", null, "", null, default)
        );
        Assert.Equal(2, noReason.Problems.Count);

        UseRefusedException bad = await Assert.ThrowsAsync<UseRefusedException>(() =>
            _edit.AddLocalAsync(Supervisor, new LocalEntryInput("", null, "parking", null, "2020-01-01", null, null, new string('x', 201)), default)
        );
        Assert.Equal(
            [
                "a plate is required",
                $"unknown category 'parking' (known: {HotListCategories.Describe()})",
                "a reason is required: why the plate is wanted (it is shown with every hit)",
                "expiry 2020-01-02 00:00:00Z is already past; an entry must match for some time",
                "the person acted for is longer than 200 characters",
            ],
            bad.Problems
        );

        UseRefusedException plate = await Assert.ThrowsAsync<UseRefusedException>(() =>
            _edit.AddLocalAsync(Supervisor, Input("AB**", null), default)
        );
        Assert.Contains("at least 4 are needed", Assert.Single(plate.Problems), StringComparison.Ordinal);
        Assert.Empty(_trail.HotListRecords);
    }

    [Fact]
    public async Task A_plate_listed_locally_in_two_states_is_removed_only_by_naming_one()
    {
        await _service.LoadAsync(default);
        await _edit.AddLocalAsync(Supervisor, Input("TWO2222", "IL"), default);
        await _edit.AddLocalAsync(Supervisor, Input("TWO2222", "WI"), default);

        UseRefusedException which = await Assert.ThrowsAsync<UseRefusedException>(() =>
            _edit.RemoveLocalAsync(Supervisor, "TWO2222", null, "recovered", null, default)
        );
        Assert.Equal("TWO2222 is listed locally in 2 states (IL, WI): say which one to remove", Assert.Single(which.Problems));
        await _edit.RemoveLocalAsync(Supervisor, "TWO2222", "wi", "recovered", null, default);
        Assert.Equal(["IL"], _service.Current.Entries(HotListOrigin.Local).Select(e => e.State));
    }

    [Fact]
    public async Task A_signed_update_brought_by_hand_needs_a_supervisor_or_an_admin_and_is_audited_with_its_hash()
    {
        await _service.LoadAsync(default);
        byte[] update = _platform.Full(4, "plate,state,category,source\nABC1234,IL,stolen,NCIC\n");

        await Assert.ThrowsAsync<AccessDeniedException>(() => _edit.ImportAsync(Officer, update, new ImportDefaults(), null, default));
        UpdateOutcome applied = await _edit.ImportAsync(Admin, update, new ImportDefaults(), null, default);

        Assert.Equal(("full", 4L), (applied.Kind, applied.Version));
        var e = _trail.Events.Single(x => x.Action == "hotlist_update");
        Assert.Equal(("adm.roe", "4"), (e.Actor, e.Subject));
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(update)), e.Details["payload_sha256"]);
        Assert.Equal("adm.roe", _trail.HotListRecords[^1].Actor);

        // A plain list is local entries: an admin manages settings and keys, not the wanted list.
        await Assert.ThrowsAsync<AccessDeniedException>(() =>
            _edit.ImportAsync(Admin, Encoding.UTF8.GetBytes("plate,category,reason\nLOC1234,stolen,seen\n"), new ImportDefaults(), null, default)
        );
        UpdateOutcome local = await _edit.ImportAsync(
            Supervisor,
            Encoding.UTF8.GetBytes("plate,category,reason,entered_by\nLOC1234,stolen,seen downtown,someone.else\n"),
            new ImportDefaults(),
            "Det. A. Park",
            default
        );
        Assert.Equal(1, local.Added);
        // The file's own entered_by column does not name who entered it on the unit: the signed-in person did.
        Assert.Equal("sup.ray", _service.Current.Entries(HotListOrigin.Local).Single().EnteredBy);
        Assert.Equal("Det. A. Park", _trail.HotListRecords[^1].Change?.OnBehalfOf);
    }

    private static LocalEntryInput Input(string plate, string? state) => new(plate, state, null, "armed robbery suspect", null, null, null, null);

    private static AuthenticatedUser User(string login, Role role) => new(login, login, [role], "IL0160000", RolePermissions.Of([role]));
}
