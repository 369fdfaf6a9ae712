using System.Buffers;
using System.Text.Json;
using EdgeAlpr.Application.Evidence;
using EdgeAlpr.Storage;
using EdgeAlpr.Uplink.Delivery;

namespace EdgeAlpr.Uplink.Tests;

/// <summary>The payloads as built from a real store, before any broker is involved.</summary>
public sealed class OutboundBuilderTests
{
    [Fact]
    public async Task A_read_whose_image_was_corrupted_on_disk_still_goes_and_says_which_image_is_lost()
    {
        await using UplinkHarness unit = await UplinkHarness.CreateAsync("mqtt://127.0.0.1:1");
        var receipt = await unit.StoreHitAsync("CRR0PT");
        StoredRead read = unit.Store.Reads.FindRead(receipt.ReadId)!;
        string plateSha = read.Images.Single(i => i.Role == "plate").Sha256;
        string file = ImageFiles.PathOf(unit.Store.Administration.Directory, unit.StoreKey, plateSha);
        File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        byte[] bytes = await File.ReadAllBytesAsync(file);
        bytes[10] ^= 0xFF;
        await File.WriteAllBytesAsync(file, bytes);

        var builder = new OutboundBuilder(unit.Store.Reads, unit.Store.AuditLog, unit.Store.DisseminationLog, unit.Options, unit.Topics);
        OutboxItem hitItem = unit.Store.Outbox.PendingOutbox(10).First(i => i.Kind == OutboxKind.Hit);
        Outbound outbound = builder.Build(hitItem)!;
        using JsonDocument hit = JsonDocument.Parse(outbound.Messages.Single().Payload);
        JsonElement images = hit.RootElement.GetProperty("read").GetProperty("images");
        JsonElement plate = images.EnumerateArray().Single(i => i.GetProperty("role").GetString() == "plate");
        Assert.False(plate.TryGetProperty("data", out _));
        Assert.Contains(plateSha, plate.GetProperty("error").GetString(), StringComparison.Ordinal);
        JsonElement context = images.EnumerateArray().Single(i => i.GetProperty("role").GetString() == "context");
        Assert.True(context.TryGetProperty("data", out _));
    }

    [Fact]
    public async Task Wire_names_are_snake_case_and_nulls_are_left_out()
    {
        await using UplinkHarness unit = await UplinkHarness.CreateAsync("mqtt://127.0.0.1:1", o => o.ContextImages = ContextImagePolicy.Never);
        var receipt = await unit.StoreHitAsync("SNAK3S");
        var builder = new OutboundBuilder(unit.Store.Reads, unit.Store.AuditLog, unit.Store.DisseminationLog, unit.Options, unit.Topics);
        OutboxItem hitItem = unit.Store.Outbox.PendingOutbox(10).First(i => i.Kind == OutboxKind.Hit);
        string json = System.Text.Encoding.UTF8.GetString(builder.Build(hitItem)!.Messages.Single().Payload.ToArray());
        Assert.Contains("\"read_id\":\"" + receipt.ReadId, json, StringComparison.Ordinal);
        Assert.Contains("\"record_number\":\"V123456789\"", json, StringComparison.Ordinal);
        Assert.Contains("\"images_withheld\":[\"context\"]", json, StringComparison.Ordinal);
        Assert.DoesNotContain("null", json, StringComparison.Ordinal);
        Assert.DoesNotContain("ReadId", json, StringComparison.Ordinal);
    }
}
