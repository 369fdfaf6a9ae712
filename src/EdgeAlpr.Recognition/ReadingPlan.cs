using EdgeAlpr.Core.Recognition;

namespace EdgeAlpr.Recognition;

/// <summary>
/// What the engine does per plate: which OCR models read it (the first is the primary, whose
/// region head names the region), which crops each reads, and whether the plate-format prior
/// chooses the reading, and whether each plate box is refined by a second, zoomed-in detector
/// pass. Built from the mode, with explicit settings overriding it.
/// </summary>
public sealed record ReadingPlan(IReadOnlyList<string> OcrModels, IReadOnlyList<CropVariant> Variants, bool FormatPrior, bool RefineBoxes)
{
    public const string SecondaryOcrModel = "cct_xs_v1_global";

    public static ReadingPlan Resolve(RecognitionOptions options)
    {
        ReadingPlan preset = Preset(options.Mode, options.OcrModel);
        IReadOnlyList<string> models = options.FusionModels is { } extra
            ? [options.OcrModel, .. extra.Where(m => m != options.OcrModel)]
            : preset.OcrModels;
        IReadOnlyList<CropVariant> variants = options.CropVariants is { Count: > 0 } v ? v.Select(CropVariant.Parse).ToList() : preset.Variants;
        return new ReadingPlan(models, variants, options.FormatPrior ?? preset.FormatPrior, options.RefineBoxes ?? preset.RefineBoxes);
    }

    /// <summary>
    /// Vote weight of the plan's m-th OCR model. Models after the primary count half: the
    /// default primary (v2) was trained on about three times the data of v1 (upstream's
    /// release notes), and v1's 9 slots cannot see a 10th character.
    /// </summary>
    public static float ModelWeight(int m) => m == 0 ? 1f : 0.5f;

    /// <summary>Crops cut per plate: every variant of the box, and of the refined box too when boxes are refined.</summary>
    public int CropsPerPlate => Variants.Count * (RefineBoxes ? 2 : 1);

    /// <summary>Number of OCR inputs read per plate.</summary>
    public int ReadsPerPlate => OcrModels.Count * CropsPerPlate;

    private static ReadingPlan Preset(ReadingMode mode, string primary)
    {
        IReadOnlyList<string> both = primary == SecondaryOcrModel ? [primary] : [primary, SecondaryOcrModel];
        return mode switch
        {
            ReadingMode.Single => new ReadingPlan([primary], [CropVariant.Plain], false, false),
            ReadingMode.Fast => new ReadingPlan(both, FastVariants, true, false),
            ReadingMode.Accuracy => new ReadingPlan(both, AccuracyVariants, true, true),
            _ => throw new ArgumentOutOfRangeException(nameof(mode), mode, "unknown reading mode"),
        };
    }

    private static readonly CropVariant[] FastVariants = [new(0.10f), new(0.20f)];

    private static readonly CropVariant[] AccuracyVariants =
    [
        new(0.05f),
        new(0.10f),
        new(0.15f),
        new(0.20f),
        new(0.15f, -4f),
        new(0.15f, 4f),
        new(0.10f, 0f, CropContrast.Clahe),
        new(0.20f, 0f, CropContrast.Clahe),
    ];
}
