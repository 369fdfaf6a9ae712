using System.Text;
using EdgeAlpr.Application.HotLists;
using EdgeAlpr.Core.HotLists;
using EdgeAlpr.Core.Recognition;

namespace EdgeAlpr.HotLists.Tests;

public class HotListServiceTests
{
    private const string Header = "plate,state,category,source,reason\n";

    [Fact]
    public async Task Full_and_delta_updates_apply_and_the_unit_restarts_from_its_last_good_list()
    {
        using var platform = new Platform();
        using (HotListService service = platform.Service())
        {
            await service.LoadAsync(default);
            await service.ApplyUpdateAsync(platform.Full(1, Header + "ABC123,IL,stolen,NCIC,\nDEF456,IL,expired,SOS,\n"), default);
            UpdateOutcome delta = await service.ApplyUpdateAsync(
                platform.Delta(2, 1, "op,plate,state,category\nremove,DEF456,IL,\nadd,GHI789,WI,felony\n"),
                default
            );
            Assert.Equal((2L, 2, 1, 1), (delta.Version, delta.Entries, delta.Added, delta.Removed));
            await service.AddLocalAsync(
                new HotListEntry
                {
                    Plate = "LOC4321",
                    Category = HotListCategory.LocalNewWanted,
                    Source = "LOCAL",
                    Reason = "burglary suspect",
                    EnteredBy = "ofc.smith",
                },
                default
            );
        }

        using HotListService restarted = platform.Service();
        Assert.Empty(await restarted.LoadAsync(default));
        HotListSnapshot s = restarted.Current;
        Assert.Equal((2L, 3, 1), (s.Version, s.Count, s.LocalCount));
        Assert.Equal(["ABC123", "GHI789", "LOC4321"], s.Entries().Select(e => e.Plate).Order());
        HotListEntry local = Assert.Single(s.Entries(HotListOrigin.Local));
        Assert.Equal(("burglary suspect", "ofc.smith"), (local.Reason, local.EnteredBy));
    }

    [Fact]
    [System.Runtime.Versioning.SupportedOSPlatform("linux")]
    public async Task The_list_folder_is_made_owner_only_and_a_platform_key_others_could_replace_is_refused()
    {
        using var platform = new Platform();
        using (HotListService service = platform.Service())
        {
            await service.LoadAsync(default);
            await service.ApplyUpdateAsync(platform.Full(1, Header + "ABC123,IL,stolen,NCIC,\n"), default);
        }

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(platform.Options().Directory));

        File.SetUnixFileMode(
            platform.PublicKeyPath,
            UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.OtherRead
        );
        string problem = Assert.Single(new HotListOptionsValidator().Validate(null, platform.Options()).Failures!);
        Assert.Equal(
            $"HotList:PublicKeyPath: platform public key {platform.PublicKeyPath} is writable by group or others (mode 664), so anyone could replace it; run 'chmod go-w {platform.PublicKeyPath}'",
            problem
        );
    }

    [Fact]
    public async Task A_restart_uses_the_kept_copy_only_when_it_matches_the_files_and_settings()
    {
        using var platform = new Platform();
        using (HotListService service = platform.Service())
        {
            await service.ApplyUpdateAsync(platform.Full(1, Header + "ABC123,IL,stolen,NCIC,\nTRK1001,IL,motor_carrier,FMCSA,\n"), default);
        }

        string copy = Path.Combine(platform.Options().Directory, "snapshot.bin");
        Assert.True(File.Exists(copy));
        byte[] good = File.ReadAllBytes(copy);
        byte[] damaged = (byte[])good.Clone();
        damaged[good.Length / 2] ^= 0x40;
        File.WriteAllBytes(copy, damaged);
        using (HotListService fromFiles = platform.Service())
        {
            Assert.Empty(await fromFiles.LoadAsync(default));
            Assert.Equal(["ABC123", "TRK1001"], fromFiles.Current.Entries().Select(e => e.Plate).Order());
        }

        // Rewritten from the files; a unit switched to the motor-carrier profile must not take it as is.
        Assert.Equal(good, File.ReadAllBytes(copy));
        using HotListService carrier = platform.Service(platform.Options(HotListProfile.MotorCarrier));
        await carrier.LoadAsync(default);
        Assert.Equal(["TRK1001"], carrier.Current.Entries().Select(e => e.Plate));
    }

    [Fact]
    public async Task Refused_updates_leave_the_current_list_serving_and_nothing_written()
    {
        using var platform = new Platform();
        using HotListService service = platform.Service();
        await service.ApplyUpdateAsync(platform.Full(5, Header + "ABC123,IL,stolen,NCIC,\n"), default);
        HotListSnapshot before = service.Current;
        byte[] tampered = platform.Full(6, Header + "ZZZ999,IL,stolen,NCIC,\n");
        tampered[^5] = (byte)'Q';

        async Task<string> Refusal(byte[] file) =>
            (await Assert.ThrowsAsync<HotListImportException>(() => service.ApplyUpdateAsync(file, default))).Message;

        Assert.Contains("not newer than version 5", await Refusal(platform.Full(5, Header + "ZZZ999,IL,stolen,NCIC,\n")));
        Assert.Contains("not newer than version 5", await Refusal(platform.Full(4, Header + "ZZZ999,IL,stolen,NCIC,\n")));
        Assert.Contains("applies to version 3", await Refusal(platform.Delta(6, 3, "op,plate,category\nadd,ZZZ999,stolen\n")));
        Assert.Contains("integrity check failed", await Refusal(tampered));
        Assert.Contains("malformed", await Refusal(Encoding.UTF8.GetBytes("EDGEALPR-HOTLIST/1\nkind: full\n\n")));
        Assert.Contains(
            "refused as a whole",
            await Refusal(platform.Full(6, Header + "ABC123,IL,parking,NCIC,\n!!,IL,stolen,NCIC,\nOK123,IL,stolen,NCIC,\n"))
        );
        Assert.Same(before, service.Current);
        Assert.Single(Directory.GetFiles(Path.Combine(platform.Options().Directory, "platform")));
    }

    [Fact]
    public async Task Without_a_platform_key_signed_updates_are_refused_but_local_entries_work()
    {
        using var platform = new Platform();
        HotListOptions options = platform.Options();
        options.PublicKeyPath = null;
        using HotListService service = platform.Service(options);
        Assert.Contains(
            "no platform public key",
            (
                await Assert.ThrowsAsync<HotListImportException>(() =>
                    service.ApplyUpdateAsync(platform.Full(1, Header + "ABC123,IL,stolen,NCIC,\n"), default)
                )
            ).Message
        );
        UpdateOutcome outcome = await service.ImportLocalAsync(
            Encoding.UTF8.GetBytes("ABC123;IL;stolen\nXYZ;IL;bogus\nQRS456;WI;felony\n"),
            new ImportDefaults { EnteredBy = "admin" },
            default
        );
        Assert.Equal((2, 1), (outcome.Added, outcome.Import!.Rejected));
        Assert.Equal(2, outcome.Import.Errors[0].Line);
    }

    [Fact]
    public async Task Two_processes_changing_the_list_never_lose_each_others_changes()
    {
        using var platform = new Platform();
        using HotListService agent = platform.Service();
        using HotListService command = platform.Service();
        await agent.LoadAsync(default);
        await command.LoadAsync(default);
        await command.AddLocalAsync(
            new HotListEntry
            {
                Plate = "CMD1234",
                Category = HotListCategory.LocalNewWanted,
                Source = "LOCAL",
                Reason = "typed at the console",
            },
            default
        );
        await command.ApplyUpdateAsync(platform.Full(1, Header + "ABC123,IL,stolen,NCIC,\n"), default);

        // The agent still holds the list from before; its change must build on the one on disk.
        await agent.AddLocalAsync(
            new HotListEntry
            {
                Plate = "AGT1234",
                Category = HotListCategory.LocalNewWanted,
                Source = "LOCAL",
                Reason = "from the in-cab screen",
            },
            default
        );
        await agent.ApplyUpdateAsync(platform.Delta(2, 1, "op,plate,category\nadd,DEF456,stolen\n"), default);

        Assert.Equal(["ABC123", "AGT1234", "CMD1234", "DEF456"], agent.Current.Entries().Select(e => e.Plate).Order());
        using HotListService restarted = platform.Service();
        await restarted.LoadAsync(default);
        Assert.Equal(["ABC123", "AGT1234", "CMD1234", "DEF456"], restarted.Current.Entries().Select(e => e.Plate).Order());
    }

    [Fact]
    public async Task A_delta_removal_without_a_state_removes_the_plate_in_every_state_but_never_a_local_entry()
    {
        using var platform = new Platform();
        using HotListService service = platform.Service();
        await service.ApplyUpdateAsync(
            platform.Full(1, Header + "ABC123,IL,stolen,NCIC,\nABC123,WI,stolen,NCIC,\nDEF456,IL,expired,SOS,\n"),
            default
        );
        await service.AddLocalAsync(
            new HotListEntry
            {
                Plate = "ABC123",
                State = "IL",
                Category = HotListCategory.LocalNewWanted,
                Source = "LOCAL",
                Reason = "seen at robbery",
            },
            default
        );
        UpdateOutcome delta = await service.ApplyUpdateAsync(
            platform.Delta(2, 1, "op,plate,state\nremove,ABC123,\nremove,ZZZ999,\nremove,DEF456,WI\n"),
            default
        );
        Assert.Equal(2, delta.Removed);
        Assert.Equal(
            [("ABC123", HotListOrigin.Local), ("DEF456", HotListOrigin.Platform)],
            service.Current.Entries().Select(e => (e.Plate, e.Origin)).Order()
        );
    }

    [Fact]
    public async Task Local_entries_survive_a_full_platform_update()
    {
        using var platform = new Platform();
        using HotListService service = platform.Service();
        await service.AddLocalAsync(
            new HotListEntry
            {
                Plate = "AB*12*4",
                Category = HotListCategory.LocalNewWanted,
                Source = "LOCAL",
                Reason = "witness partial",
            },
            default
        );
        await service.ApplyUpdateAsync(platform.Full(1, Header + "ABC123,IL,stolen,NCIC,\n"), default);
        await service.ApplyUpdateAsync(platform.Full(2, Header + "XYZ789,IL,stolen,NCIC,\n"), default);
        Assert.Equal(["AB*12*4", "XYZ789"], service.Current.Entries().Select(e => e.Plate).Order());
    }

    [Fact]
    public async Task A_damaged_file_on_disk_is_reported_and_the_rest_loads()
    {
        using var platform = new Platform();
        using (HotListService service = platform.Service())
        {
            await service.ApplyUpdateAsync(platform.Full(1, Header + "ABC123,IL,stolen,NCIC,\n"), default);
            await service.ApplyUpdateAsync(platform.Delta(2, 1, "op,plate,category\nadd,DEF456,stolen\n"), default);
        }

        string delta = Assert.Single(Directory.GetFiles(Path.Combine(platform.Options().Directory, "platform"), "delta-*"));
        byte[] bytes = File.ReadAllBytes(delta);
        bytes[^2] ^= 1;
        File.WriteAllBytes(delta, bytes);

        using HotListService restarted = platform.Service();
        string problem = Assert.Single(await restarted.LoadAsync(default));
        Assert.Contains("integrity check failed", problem);
        Assert.Equal((1L, 1), (restarted.Current.Version, restarted.Current.Count));
    }

    [Fact]
    public async Task An_old_list_raises_the_stale_warning()
    {
        using var platform = new Platform();
        using HotListService service = platform.Service();
        Assert.Contains("no platform hot list", service.Status().Warning);
        await service.ApplyUpdateAsync(platform.Full(1, Header + "ABC123,IL,stolen,NCIC,\n"), default);
        Assert.False(service.Status().Stale);
        platform.Clock.Now += TimeSpan.FromHours(25);
        HotListStatus status = service.Status();
        Assert.True(status.Stale);
        Assert.Contains("stale hot list", status.Warning);
    }

    [Fact]
    public async Task A_motor_carrier_unit_refuses_other_categories_row_by_row()
    {
        using var platform = new Platform();
        using HotListService service = platform.Service(platform.Options(HotListProfile.MotorCarrier));
        UpdateOutcome outcome = await service.ApplyUpdateAsync(
            platform.Full(1, Header + "TRK1001,IL,motor_carrier,FMCSA,\nTRK1002,IL,oos,FMCSA,\nABC123,IL,stolen,NCIC,\n"),
            default
        );
        Assert.Equal(2, outcome.Entries);
        Assert.Contains("motor-carrier", Assert.Single(outcome.Import!.Errors).Reason);
    }

    [Fact]
    public async Task Lookups_during_updates_always_see_one_whole_list()
    {
        using var platform = new Platform();
        using HotListService service = platform.Service();
        static string Rows(int version) => Header + string.Concat(Enumerable.Range(0, 2000).Select(i => $"V{version:D2}X{i:D4},IL,stolen,NCIC,\n"));
        await service.ApplyUpdateAsync(platform.Full(1, Rows(1)), default);
        using var stop = new CancellationTokenSource();
        int checks = 0;
        var readers = Enumerable
            .Range(0, 2)
            .Select(_ =>
                Task.Run(() =>
                {
                    var matches = new List<HotListMatch>();
                    var random = new Random();
                    while (!stop.IsCancellationRequested)
                    {
                        HotListSnapshot s = service.Current;
                        int v = (int)s.Version;
                        int i = random.Next(2000);
                        // The snapshot's own plates are all there, the previous version's none.
                        matches.Clear();
                        s.Match([new PlateCandidate($"V{v:D2}X{i:D4}", 1f)], null, Platform.Start, matches, MatchScope.Exact);
                        Assert.Single(matches);
                        matches.Clear();
                        s.Match([new PlateCandidate($"V{v - 1:D2}X{i:D4}", 1f)], null, Platform.Start, matches, MatchScope.Exact);
                        Assert.Empty(matches);
                        Assert.Equal(2000, s.Count);
                        Interlocked.Increment(ref checks);
                    }
                })
            )
            .ToArray();
        while (Volatile.Read(ref checks) < 100 && readers.All(r => !r.IsCompleted))
        {
            await Task.Delay(1);
        }

        int before = Volatile.Read(ref checks);
        for (int v = 2; v <= 15; v++)
        {
            await service.ApplyUpdateAsync(platform.Full(v, Rows(v)), default);
            await Task.Delay(2);
        }

        int during = Volatile.Read(ref checks) - before;
        await stop.CancelAsync();
        await Task.WhenAll(readers);
        Assert.Equal(15, service.Current.Version);
        Assert.True(during > 100, $"only {during} lookups ran during the updates");
    }

    [Fact]
    public async Task Adding_an_entry_matches_recent_reads()
    {
        using var platform = new Platform();
        using HotListService service = platform.Service();
        var window = new RecentReadsWindow(TimeSpan.FromHours(24), 1000);
        Guid readId = Guid.CreateVersion7();
        window.Add(new RecentRead(readId, "camera-2", Platform.Start.AddMinutes(-40), [new PlateCandidate("AMB3R12", 0.9f)]));
        window.Add(new RecentRead(Guid.CreateVersion7(), "camera-1", Platform.Start.AddMinutes(-10), [new PlateCandidate("OTHER1", 0.9f)]));
        service.History = window;
        UpdateOutcome outcome = await service.AddLocalAsync(
            new HotListEntry
            {
                Plate = "AMB3R12",
                Category = HotListCategory.AmberAlert,
                Source = "LOCAL",
                Reason = "AMBER alert 26-1123",
            },
            default
        );
        HotListHit hit = Assert.Single(outcome.RetroactiveHits);
        Assert.Equal((readId, "camera-2", 40.0), (hit.Retroactive!.ReadId, hit.Retroactive.CameraId, hit.Retroactive.Before.TotalMinutes));
        Assert.Contains("LEADS/NCIC", hit.Verify, StringComparison.Ordinal);
    }
}
