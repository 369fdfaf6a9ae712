using EdgeAlpr.Core.Evaluation;
using EdgeAlpr.Core.Imaging;

namespace EdgeAlpr.Recognition.Evaluation;

/// <summary>
/// A folder of photos with ground truth: each <c>NAME.jpg</c> (or .jpeg/.png) has a
/// <c>NAME.txt</c> with one line per plate (<c>NAME.jpg x y width height PLATE</c>).
/// </summary>
public sealed class Dataset
{
    private Dataset(string directory, IReadOnlyList<DatasetImage> images, IReadOnlyList<string> problems)
    {
        Directory = directory;
        Images = images;
        Problems = problems;
    }

    public string Directory { get; }

    public IReadOnlyList<DatasetImage> Images { get; }

    /// <summary>Files that were left out and why (missing or malformed ground truth), one sentence each.</summary>
    public IReadOnlyList<string> Problems { get; }

    /// <exception cref="DirectoryNotFoundException">The folder does not exist.</exception>
    /// <exception cref="InvalidDataException">The folder holds no photo with usable ground truth.</exception>
    public static Dataset Load(string directory)
    {
        string full = Path.GetFullPath(directory);
        if (!System.IO.Directory.Exists(full))
        {
            throw new DirectoryNotFoundException($"dataset folder not found: {full}");
        }

        var images = new List<DatasetImage>();
        var problems = new List<string>();
        IEnumerable<string> files = System.IO.Directory.EnumerateFiles(full).Where(ImageFiles.HasImageExtension).Order(StringComparer.Ordinal);
        foreach (string image in files)
        {
            string truthPath = Path.ChangeExtension(image, ".txt");
            if (!File.Exists(truthPath))
            {
                problems.Add($"{Path.GetFileName(image)}: no ground truth ({Path.GetFileName(truthPath)} is missing)");
                continue;
            }

            var plates = new List<GroundTruthPlate>();
            string[] lines = File.ReadAllLines(truthPath);
            bool bad = false;
            for (int i = 0; i < lines.Length; i++)
            {
                if (string.IsNullOrWhiteSpace(lines[i]))
                {
                    continue;
                }

                try
                {
                    plates.Add(GroundTruthPlate.Parse(lines[i]));
                }
                catch (FormatException ex)
                {
                    problems.Add($"{Path.GetFileName(truthPath)}:{i + 1}: {ex.Message}");
                    bad = true;
                }
            }

            if (bad)
            {
                continue;
            }

            if (plates.Count == 0)
            {
                problems.Add($"{Path.GetFileName(truthPath)}: no plate line");
                continue;
            }

            images.Add(new DatasetImage(image, plates));
        }

        if (images.Count == 0)
        {
            string detail = problems.Count == 0 ? $"no images ({ImageFiles.Described})" : string.Join("; ", problems.Take(5));
            throw new InvalidDataException($"dataset {full} has no usable photo with ground truth: {detail}");
        }

        return new Dataset(full, images, problems);
    }
}
