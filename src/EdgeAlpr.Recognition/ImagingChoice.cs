namespace EdgeAlpr.Recognition;

/// <summary>The image library setting (<c>Recognition:Imaging</c>).</summary>
public enum ImagingChoice
{
    /// <summary>The measured choice for this machine.</summary>
    Auto,

    /// <summary>SkiaSharp and managed code: every board.</summary>
    Portable,

    /// <summary>OpenCV: linux-x64 only.</summary>
    OpenCv,
}
