using EdgeAlpr.Application.Imaging;
using EdgeAlpr.Recognition;
using EdgeAlpr.Vision.OpenCv;
using EdgeAlpr.Vision.Portable;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace EdgeAlpr.Hosting.Imaging;

/// <summary>Chooses the image library behind <see cref="IPictureOperations"/> from <c>Recognition:Imaging</c>.</summary>
public static class PictureOperationsChoice
{
    /// <summary>Registers the chosen <see cref="IPictureOperations"/>; its native library is checked when it is first resolved.</summary>
    public static IServiceCollection AddPictureOperations(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddSingleton(sp => Create(sp.GetRequiredService<IOptions<RecognitionOptions>>().Value.Imaging));
        return services;
    }

    /// <summary>The implementation for a setting, its native library checked (one clear message if it does not load).</summary>
    /// <exception cref="DllNotFoundException">The chosen library's native part does not load here.</exception>
    public static IPictureOperations Create(ImagingChoice choice)
    {
        switch (Resolve(choice))
        {
            case ImagingChoice.OpenCv:
                OpenCvPictures.EnsureAvailable();
                return new OpenCvPictures();
            default:
                PortablePictures.EnsureAvailable();
                return new PortablePictures();
        }
    }

    /// <summary>
    /// What <c>auto</c> means here: the portable library on every machine but linux-x64 (the feed
    /// has OpenCV's runtime for linux-x64 only), and on linux-x64 too, since it reads the dev sets
    /// as well as OpenCV at the same speed (docs/recognition.md, "Image library").
    /// </summary>
    public static ImagingChoice Resolve(ImagingChoice choice) =>
        choice switch
        {
            ImagingChoice.Auto => ImagingChoice.Portable,
            _ => choice,
        };
}
