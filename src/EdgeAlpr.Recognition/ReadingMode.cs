namespace EdgeAlpr.Recognition;

/// <summary>How much work goes into reading each plate.</summary>
public enum ReadingMode
{
    /// <summary>One OCR model on one plain crop: the bare pipeline, for the weakest boards and as the baseline.</summary>
    Single,

    /// <summary>The default: both OCR models on a few crops, fused; stays real-time.</summary>
    Fast,

    /// <summary>More crop variants (rotations, contrast) for fixed cameras with CPU to spare.</summary>
    Accuracy,
}
