using EdgeAlpr.Core.Evaluation;

namespace EdgeAlpr.Recognition.Evaluation;

/// <summary>A dataset photo and the plates marked in it.</summary>
public sealed record DatasetImage(string ImagePath, IReadOnlyList<GroundTruthPlate> Plates)
{
    public string Name => Path.GetFileName(ImagePath);
}
