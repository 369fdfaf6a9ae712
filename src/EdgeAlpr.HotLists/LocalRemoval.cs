using EdgeAlpr.Application.HotLists;
using EdgeAlpr.Core.HotLists;

namespace EdgeAlpr.HotLists;

/// <summary>
/// Which entries a removal of a local entry takes out of a list: the local ones of the plate (in the state given, or in
/// its one state). Refused, saying why, when there is none, when the plate is only the platform's (the unit cannot
/// overrule the agency's list), or when it is listed locally in several states and none was named.
/// </summary>
internal static class LocalRemoval
{
    public static (HashSet<int> Slots, List<HotListEntry> Entries) Find(HotListSnapshot list, string plate, string? state)
    {
        if (!PlateKey.TryPack(plate, allowWildcard: true, out ulong key))
        {
            throw new HotListImportException($"'{Echo.Of(plate)}' is not a plate: A–Z, 0–9 and '*' only");
        }

        var local = new HashSet<int>();
        var platformSources = new SortedSet<string>(StringComparer.Ordinal);
        for (int e = 0; e < list.Slots; e++)
        {
            if (!list.IsLive(e) || list.PlateKeyAt(e) != key || (state is not null && list.StateAt(e) != state))
            {
                continue;
            }

            if (list.OriginAt(e) == HotListOrigin.Local)
            {
                local.Add(e);
            }
            else
            {
                platformSources.Add(list.EntryAt(e).Source);
            }
        }

        string where = state is null ? "" : $" in {state}";
        if (local.Count == 0)
        {
            throw new HotListImportException(
                platformSources.Count > 0
                    ? $"{plate}{where} is on the platform's list ({string.Join(", ", platformSources)}), not a local entry: it cannot be removed on the unit; the platform removes it in its next update"
                    : $"there is no local entry for {plate}{where}"
            );
        }

        List<string?> states = local.Select(list.StateAt).Distinct().ToList();
        if (state is null && states.Count > 1)
        {
            throw new HotListImportException(
                $"{plate} is listed locally in {states.Count} states ({string.Join(", ", states.Select(s => s ?? "no state"))}): say which one to remove"
            );
        }

        return (local, local.Order().Select(list.EntryAt).ToList());
    }
}
