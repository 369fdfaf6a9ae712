using EdgeAlpr.Application.Evidence;
using EdgeAlpr.Application.HotLists;
using EdgeAlpr.HotLists;
using EdgeAlpr.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace EdgeAlpr.Hosting;

/// <summary>
/// What the hot list takes from the rest of the unit's settings, which its adapter cannot reach:
/// the key of its fast-start copy (derived from the store key) and the agency its signed updates
/// must name (<c>Uplink:Agency</c> unless <c>HotList:Agency</c> is set).
/// </summary>
public static class HotListComposition
{
    public static IServiceCollection AddHotListComposition(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.PostConfigure<HotListOptions>(options =>
        {
            if (string.IsNullOrWhiteSpace(options.Agency))
            {
                options.Agency = configuration["Uplink:Agency"] is { Length: > 0 } agency ? agency.Trim() : null;
            }
        });
        services.TryAddSingleton(sp => CopyKey(sp.GetRequiredService<IOptions<StoreOptions>>()));
        return services;
    }

    /// <summary>
    /// The copy's key from the store key; none when this process cannot have the store key (a
    /// command run by a user who cannot read the key file, say): the list is then built from the
    /// signed files, and no copy is trusted or written.
    /// </summary>
    internal static HotListCopyKey CopyKey(IOptions<StoreOptions> store)
    {
        try
        {
            return StoreKey.Resolve(store.Value).DeriveHotListCopyKey();
        }
        catch (Exception ex) when (ex is StoreKeyException or OptionsValidationException or IOException)
        {
            return HotListCopyKey.None($"no store key: {ex.Message}");
        }
    }
}
