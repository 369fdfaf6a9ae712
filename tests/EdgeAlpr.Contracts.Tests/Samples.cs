using System.Text.Json.Nodes;
using EdgeAlpr.Contracts.Alerts;
using EdgeAlpr.Contracts.Evidence;
using EdgeAlpr.Contracts.Gps;
using EdgeAlpr.Contracts.Reads;
using EdgeAlpr.Contracts.Recognition;
using EdgeAlpr.Contracts.Search;
using EdgeAlpr.Contracts.Wire;
using EdgeAlpr.Core.Geometry;
using EdgeAlpr.Core.Policy;
using EdgeAlpr.Core.Reads;
using EdgeAlpr.Core.Recognition;

namespace EdgeAlpr.Contracts.Tests;

/// <summary>One fixed sample of every payload type: every field set (optional ones too), so a change to any name, order or format shows.</summary>
internal static class Samples
{
    public static readonly Guid ReadId = Guid.Parse("01a23106-db68-7cab-af98-8842c86fd191");
    public static readonly Guid HitId = Guid.Parse("01a2310a-816e-7288-b9a1-905bddc3f7aa");
    public static readonly Guid DisseminationId = Guid.Parse("01a23228-21c2-79ba-8922-f036fd1b13fe");
    public static readonly DateTimeOffset At = new(2026, 12, 1, 9, 54, 22, 695, TimeSpan.Zero);
    public const string PlateSha = "66840dda154e8a113c31dd0ad32f7f3a366a80e8136979d8f5a101d3d29d6f72";
    public const string ContextSha = "e1e85368d1b2c3a4f5e6d7c8b9a0f1e2d3c4b5a6978877665544332211000fff";

    public static PlateRead Read() =>
        new(
            ReadId,
            "unit-7",
            "cam1",
            At,
            At.AddMilliseconds(-1400),
            At,
            "XYZ9876",
            0.971234f,
            [new PlateCandidate("XYZ9876", 0.971234f), new PlateCandidate("A8C1234", 0.021349f)],
            new RegionGuess("United States", 0.99126f),
            new BoundingBox(927.12f, 361.94f, 1038.25f, 421.7f),
            6,
            new GeoPoint(41.8781, -87.6298, "gps"),
            new EvidenceImage([1, 2, 3, 4, 5, 6, 7, 8], "image/jpeg"),
            new EvidenceImage([9, 10, 11, 12], "image/jpeg")
        )
        {
            Direction = "northbound",
        };

    public static HitRecord Hit() =>
        new(
            "ABC1234",
            "IL",
            "stolen_vehicle",
            ["felony_vehicle"],
            "NCIC",
            "V123456789",
            "stolen 2026-11-20",
            "2019 HOND CIV BLK",
            "Ofc. Lee",
            At.AddDays(-10),
            At.AddDays(30),
            "platform",
            "exact",
            0.97,
            "ABC1234",
            0,
            80,
            true,
            "Potential hit: verify it through LEADS/NCIC (or the listing source) before any enforcement action.",
            new RetroactiveRecord(ReadId, "cam1", At.AddMinutes(-42), 42.5)
        );

    public static Dissemination Dissemination() =>
        new(
            DisseminationId,
            At.AddHours(5),
            "26-004417",
            "stolen vehicle reported 2026-11-30",
            "det.moss on behalf of Lt. R. Hale",
            "Springfield PD",
            true,
            "sgt.ruiz",
            "sgt.ruiz",
            [ReadId],
            [PlateSha, ContextSha],
            "01a23228-21c2-7fd4-9455-d0133acc6ebf",
            "/var/lib/edge-alpr/exports/case.eapkg",
            "2c368198280edb7d30c8ff389c185ce8f056fad2eca27dac47cba81a513314ff",
            83077,
            "passphrase"
        )
        {
            // An approved release: the request's fields (additive to schema 1; absent from releases made before them).
            RecipientOri = "IL0840200",
            RecipientKind = RecipientKind.LawEnforcement,
            RequestId = Guid.Parse("01a23227-0b10-7c44-8a1e-4f3b2d9c6e01"),
            Requester = "det.moss",
            OnBehalfOf = "Lt. R. Hale",
            ApprovedBy = "sgt.ruiz",
        };

    public static ReadMessage ReadMessage() =>
        new(
            WireRead.From(Read()),
            "IL",
            [HitId],
            "serious",
            true,
            [
                new WireImage("plate", PlateSha, 8, "image/jpeg") { Data = [1, 2, 3, 4, 5, 6, 7, 8] },
                new WireImage("context", ContextSha, 4, "image/jpeg") { Topic = "alpr/il-chicago-pd/unit-7/image/" + ContextSha },
                new WireImage("context", ContextSha, 4, "image/jpeg") { Error = "dropped under storage quota at 2026-12-02T00:00:00.0000000+00:00" },
            ],
            ["context"]
        );

    /// <summary>Every payload type by the name of its expected JSON in Expected/.</summary>
    public static IReadOnlyDictionary<string, object> All() =>
        new Dictionary<string, object>
        {
            ["read_message"] = ReadMessage(),
            ["read_message_routine"] = new ReadMessage(
                WireRead.From(Read() with { Region = null, Location = null, Direction = null }),
                null,
                [],
                "routine",
                false,
                [new WireImage("plate", PlateSha, 8, "image/jpeg") { Data = [1, 2, 3, 4, 5, 6, 7, 8] }],
                null
            ),
            ["hit_message"] = new HitMessage(UplinkSchema.Version, "hit", HitId, ReadId, "unit-7", "cam1", At.AddSeconds(1), Hit(), ReadMessage()),
            ["disposition_message"] = new DispositionMessage(
                UplinkSchema.Version,
                "hit_disposition",
                Guid.Parse("01a23106-dba3-79e1-9874-4b5af059f840"),
                HitId,
                "unit-7",
                "rejected",
                "Ofc. J. Rivera #4471",
                "LEADS",
                "misread",
                "plate was 8, not B",
                At.AddMinutes(2)
            ),
            ["audit_message"] = new AuditMessage(
                UplinkSchema.Version,
                "audit",
                3,
                "unit-7",
                At,
                "search",
                "root",
                "BEN0001",
                new JsonObject { ["case_number"] = "26-004417", ["results"] = 1 },
                new string('1', 64),
                new string('a', 64)
            ),
            ["dissemination_message"] = DisseminationMessage.From(Dissemination(), "unit-7"),
            ["status_message"] = new StatusMessage(
                UplinkSchema.Version,
                "status",
                "unit-7",
                "il-chicago-pd",
                "offline",
                At,
                "shutdown",
                "1.4.0",
                "137f01919d4864ea25ef7b1d5a5b6d64188c4e90"
            ),
            ["health_message"] = new HealthMessage(
                UplinkSchema.Version,
                "health",
                "unit-7",
                "1.4.0",
                "137f01919d4864ea25ef7b1d5a5b6d64188c4e90",
                At,
                1.2,
                At.AddSeconds(-1),
                new WireBacklog(3, 1, 12.5),
                new WireUplinkCounters(6, 1, 2, 4.09, 47.88, 16000),
                new WireHotList(42, 1.5, false, 2000000),
                new WireStorage(true, "disk almost full", 3)
                {
                    UnforwardedReadsPurged = 12,
                    ContextImagesPaused = true,
                    ContextImagesNotKept = 40,
                    QuotaImagesDropped = 250,
                    QuotaReadsDropped = 7,
                    OverQuotaBytes = 1048576,
                }
            )
            {
                Agent = new WireAgentHealth(
                    "patrol",
                    At.AddHours(-1),
                    [new WireCamera("cam1", "reconnecting", "connection refused", 6.17, 5, 130, 2, 4, 1)],
                    new WireQueues(1, 0, 2),
                    new WireAgentCounters(4, 2, 2, 1, 0)
                    {
                        AlertP50Ms = 3.8,
                        AlertMaxMs = 4.2,
                        StoreP50Ms = 31.2,
                        StoreP99Ms = 39.6,
                        ReadsSuppressed = new WireSuppressedReads(1, 0, 3),
                        DoubtfulReadsKept = 1,
                    },
                    new WireLink(true, false, "mqtts://platform.example:8883", "broker unreachable", 3),
                    new WireGps("gpsd", "3d", 41.8781, -87.6298, 0.4, false),
                    new WireDisk(1179648, 253356, 8, 0, 79837003776),
                    61.5
                ),
            },
            ["command_result_message"] = new CommandResultMessage(
                UplinkSchema.Version,
                "command_result",
                "unit-7",
                "01a2311c-5e0f-7d0a-9f1e-2b0c4d7e8a90",
                "ping",
                "done",
                "pong",
                At,
                new Dictionary<string, object?>
                {
                    ["uptime_s"] = 5321.4,
                    ["outbox_items"] = 0,
                    ["hotlist_version"] = 42,
                }
            ),
            ["platform_command"] = new PlatformCommand(
                UplinkSchema.Version,
                Guid.Parse("01a2311c-5e0f-7d0a-9f1e-2b0c4d7e8a90"),
                PlatformCommand.LogLevel,
                "il-chicago-pd",
                "unit-7",
                At,
                At.AddMinutes(5),
                new Dictionary<string, string> { ["level"] = "debug", ["minutes"] = "15" }
            ),
            ["signed_command"] = new SignedCommand("eyJzY2hlbWEiOjF9", "MEUCIQD="),
            ["read_record"] = new ReadRecord(
                WireRead.From(Read()),
                new ImageRecord("reads.jsonl.images/" + PlateSha + ".jpg", PlateSha, 8, "image/jpeg"),
                new ImageRecord("reads.jsonl.images/" + ContextSha + ".jpg", ContextSha, 4, "image/jpeg")
            )
            {
                Hits = [Hit()],
            },
            ["read_record_unmatched"] = new ReadRecord(
                WireRead.From(Read() with { Region = null, Location = null, Direction = null }),
                new ImageRecord("p.jpg", PlateSha, 8, "image/jpeg"),
                new ImageRecord("c.jpg", ContextSha, 4, "image/jpeg")
            ),
            ["evidence_metadata"] = EvidenceMetadata.From(
                Dissemination(),
                "unit-7",
                [
                    new EvidenceReadRecord(
                        WireRead.From(Read()),
                        At.AddSeconds(0.2),
                        "IL",
                        [new EvidenceImageRecord("plate", PlateSha, 8, "image/jpeg", "images/" + PlateSha + ".jpg", null)],
                        [
                            new EvidenceImageRecord(
                                "context",
                                ContextSha,
                                4,
                                "image/jpeg",
                                null,
                                "dropped under the storage quota on 2026-12-02 00:00:00Z"
                            ),
                        ],
                        [new EvidenceHitRecord(HitId, At.AddSeconds(1), Hit())]
                    ),
                ]
            ),
            ["export_summary"] = new ExportSummary(
                "/tmp/case.eapkg",
                "01a23228-21c2-7fd4-9455-d0133acc6ebf",
                new string('2', 64),
                83077,
                DisseminationId,
                "26-004417",
                1,
                2,
                0,
                "random",
                "a2V5"
            ),
            ["open_summary"] = new OpenSummary(
                "/tmp/opened",
                "01a23228-21c2-7fd4-9455-d0133acc6ebf",
                At,
                "passphrase",
                5,
                83000,
                DisseminationId,
                "26-004417",
                1,
                2,
                true
            ),
            ["search_record"] = new SearchRecord(
                ReadId,
                At,
                "cam1",
                "BEN0001",
                "BEN0001",
                false,
                0.97,
                "IL",
                new LocationRecord(41.8781, -87.6298, "gps"),
                [PlateSha, ContextSha],
                [new SearchHitRecord(HitId, "stolen_vehicle", "NCIC", "exact")]
            ),
            ["search_summary"] = new SearchSummary("BEN0001", false, "26-004417", 1, 1, false, 7),
            ["alert_record"] = new AlertRecord(
                "stolen_vehicle",
                "ABC1234",
                "IL",
                "high",
                "STOLEN VEHICLE",
                ["ABC1234 (IL)", "unverified: check LEADS"],
                "Alpha Bravo Charlie One Two Three Four",
                true,
                true,
                false,
                true,
                new ToneRecord("urgent", 900, [new ToneStepRecord(880, 200, 100), new ToneStepRecord(660, 200, 0)]),
                new LedRecord("red", "fast")
            ),
            ["fix_record"] = new FixRecord("gpsd", "3d", 41.8781, -87.6298, 180.5, 13.42, 271.3, At, 1, 9, 0.9, At.AddSeconds(0.3), 0.7, false, 2),
            ["recognition_record"] = new RecognitionRecord(
                "/data/car.jpg",
                1920,
                1080,
                [
                    new PlateRecord(
                        "YG9X2G",
                        0.997,
                        [0.9995, 0.998],
                        new BoxRecord(927.1, 361.9, 1038.2, 421.7),
                        0.8122,
                        new RegionRecord("United States", 0.9973),
                        [new CandidateRecord("YG9X2G", 0.997), new CandidateRecord("Y69X2G", 0.0012)]
                    ),
                ],
                new TimingsRecord(2.5, 56.2, 5.1, 61.3),
                null
            ),
            ["recognition_record_failed"] = RecognitionRecord.Failed("/data/bad.jpg", "truncated JPEG: the end-of-image marker is missing"),
            ["eval_record"] = new EvalRecord(
                "/data/openalpr-us-dev",
                111,
                111,
                0,
                0,
                111,
                1,
                0.8123,
                0.8123,
                105,
                0.9459,
                108,
                0.973,
                56.21,
                80.5,
                60.1,
                18.4,
                "yolo-v9-t-384-license-plates-end2end",
                "fast",
                ["cct_xs_v2_global", "cct_xs_v1_global"],
                ["margin=0.1", "margin=0.2"],
                true,
                true,
                5,
                [new ConfusionRecord("0", "8", 1)],
                [new MissRecord("car.jpg", "ABC123", "A8C123", 0.812, true, null)]
            ),
        };
}
