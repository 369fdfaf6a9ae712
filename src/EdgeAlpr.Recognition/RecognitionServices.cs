using EdgeAlpr.Models;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EdgeAlpr.Recognition;

/// <summary>The plate reader in a host: the verified model files and the recognition settings, checked at start.</summary>
public static class RecognitionServices
{
    /// <summary>
    /// Registers the built-in model manifest, the <see cref="ModelFetcher"/> (settings from the
    /// <c>Models</c> section; downloads through a named <see cref="HttpClient"/>) and
    /// <see cref="RecognitionOptions"/> from the <c>Recognition</c> section. Engines are made per
    /// command or per agent with <see cref="PlateRecognitionEngine.CreateAsync"/>.
    /// </summary>
    public static IServiceCollection AddPlateRecognition(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddSingleton(ModelManifest.BuiltIn);
        services.AddOptions<ModelStoreOptions>().Bind(configuration.GetSection("Models"));
        services.AddHttpClient(nameof(ModelFetcher));
        services.AddSingleton(sp => new ModelFetcher(
            sp.GetRequiredService<ModelManifest>(),
            sp.GetRequiredService<IOptions<ModelStoreOptions>>().Value,
            sp.GetRequiredService<IHttpClientFactory>().CreateClient(nameof(ModelFetcher)),
            sp.GetRequiredService<ILogger<ModelFetcher>>()
        ));
        services.AddOptions<RecognitionOptions>().Bind(configuration.GetSection(RecognitionOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<RecognitionOptions>, RecognitionOptionsValidator>();
        return services;
    }
}
