using EdgeAlpr.Application.Imaging;
using EdgeAlpr.Core.Imaging;

namespace EdgeAlpr.Capture;

/// <summary>
/// A folder of pictures played as a stream at a given frame rate (name order). A picture
/// that cannot be decoded, or whose header declares more than <c>maxPixels</c>, is skipped
/// and reported through <see cref="Skipped"/>, never silently.
/// </summary>
public sealed class ImageFolderSource(string folder, double fps, IPictureOperations pictures, long maxPixels = PictureHeader.DefaultMaxPixels)
    : IFrameSource
{
    private readonly double _fps = fps > 0 ? fps : throw new ArgumentOutOfRangeException(nameof(fps), "the frame rate must be positive");
    private readonly long _maxPixels =
        maxPixels > 0 ? maxPixels : throw new ArgumentOutOfRangeException(nameof(maxPixels), "the picture size limit must be positive");
    private string[] _files = [];
    private int _next;

    public string Description => folder;

    public bool IsLive => false;

    /// <summary>Raised for a picture that could not be used, with the reason.</summary>
    public event Action<string, string>? Skipped;

    public void Open()
    {
        if (!Directory.Exists(folder))
        {
            throw new CaptureException($"image folder not found: {folder}");
        }

        _files = [.. Directory.EnumerateFiles(folder).Where(ImageFiles.HasImageExtension).Order(StringComparer.Ordinal)];
        if (_files.Length == 0)
        {
            throw new CaptureException($"image folder {folder} has no pictures ({ImageFiles.Described})");
        }

        _next = 0;
    }

    public (BgrPicture Image, TimeSpan StreamTime)? Read()
    {
        while (_next < _files.Length)
        {
            int index = _next++;
            try
            {
                return (pictures.Decode(File.ReadAllBytes(_files[index]), _maxPixels), TimeSpan.FromSeconds(index / _fps));
            }
            catch (Exception ex) when (ex is InvalidImageException or IOException)
            {
                Skipped?.Invoke(_files[index], ex.Message);
            }
        }

        return null;
    }

    public void Dispose() { }
}
