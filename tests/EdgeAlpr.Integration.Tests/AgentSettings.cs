namespace EdgeAlpr.Integration.Tests;

/// <summary>
/// The settings of a test unit running one camera on a clip: a fixed camera in Illinois, a status
/// file every second, a store, a hot-list folder, the uplink to a test broker, a fixed location and
/// no sound. Tests change what they need in the dictionaries it returns.
/// </summary>
internal static class AgentSettings
{
    public static Dictionary<string, object?> For(
        TempFolder dir,
        string clip,
        string camera,
        string store,
        string keyFile,
        string broker,
        string deviceId,
        string healthInterval,
        bool stopWhenCamerasEnd
    ) =>
        new()
        {
            ["Agent"] = new Dictionary<string, object?>
            {
                ["Profile"] = "fixed",
                ["State"] = "IL",
                ["StatusFile"] = dir.File("status.json"),
                ["StatusInterval"] = "00:00:01",
                ["StopWhenCamerasEnd"] = stopWhenCamerasEnd,
                ["ShutdownTimeout"] = "00:00:30",
                ["Cameras"] = new object[]
                {
                    new Dictionary<string, object?>
                    {
                        ["Id"] = camera,
                        ["Source"] = clip,
                        ["Direction"] = "northbound",
                    },
                },
            },
            ["Store"] = new Dictionary<string, object?>
            {
                ["Directory"] = store,
                ["KeyFile"] = keyFile,
                ["KeyVariable"] = "EDGEALPR_UNUSED_IN_THIS_TEST",
                ["MinFreeMegabytes"] = 0,
            },
            ["HotList"] = new Dictionary<string, object?> { ["Directory"] = dir.File("hotlist") },
            ["Uplink"] = new Dictionary<string, object?>
            {
                ["Broker"] = broker,
                ["Agency"] = "IL0000000",
                ["DeviceId"] = deviceId,
                ["HealthInterval"] = healthInterval,
            },
            ["Location"] = new Dictionary<string, object?> { ["FixedLatitude"] = 41.8781, ["FixedLongitude"] = -87.6298 },
            ["Alerts"] = new Dictionary<string, object?> { ["Audio"] = new Dictionary<string, object?> { ["Enabled"] = false } },
        };
}
