using System.Text.Json;
using EdgeAlpr.Contracts.Evidence;
using EdgeAlpr.Contracts.Wire;

namespace EdgeAlpr.Export;

/// <summary>
/// <c>metadata.json</c> against the files opened beside it: it must be an evidence metadata document
/// with its reads and images, and every image it lists must be in the package with the SHA-256 it had
/// at capture. Runs on the private staging folder, so a package that fails leaves nothing readable.
/// </summary>
internal static class EvidenceMetadataCheck
{
    public const string FileName = "metadata.json";

    public static OpenedEvidence Check(string folder, IReadOnlyList<OpenedFile> files)
    {
        var byPath = files.ToDictionary(f => f.Path, StringComparer.Ordinal);
        if (!byPath.ContainsKey(FileName))
        {
            throw new ExportPackageException($"the package has no {FileName}, so its images cannot be checked against their capture hashes");
        }

        EvidenceMetadata? metadata;
        try
        {
            using FileStream stream = File.OpenRead(Path.Combine(folder, FileName));
            metadata = JsonSerializer.Deserialize<EvidenceMetadata>(stream, WireJson.Options);
        }
        catch (JsonException ex)
        {
            throw new ExportPackageException($"{FileName} is not readable evidence metadata: {ex.Message}", ex);
        }

        // System.Text.Json leaves a missing list null ('{}' parses): each is named, not left to fail later.
        if (metadata?.Reads is not { } reads)
        {
            throw new ExportPackageException($"{FileName} has no 'reads' list");
        }

        int images = 0;
        for (int r = 0; r < reads.Count; r++)
        {
            if (reads[r]?.Images is not { } listed)
            {
                throw new ExportPackageException($"{FileName}: read {r} has no 'images' list");
            }

            foreach (EvidenceImageRecord? image in listed)
            {
                if (image?.File is not { } file || image.Sha256 is null)
                {
                    throw new ExportPackageException($"{FileName}: an image of read {r} names no file or no capture SHA-256");
                }

                if (!byPath.TryGetValue(file, out OpenedFile? opened))
                {
                    throw new ExportPackageException($"{FileName} names '{file}', which is not in the package");
                }

                if (!string.Equals(opened.Sha256, image.Sha256, StringComparison.OrdinalIgnoreCase))
                {
                    throw new ExportPackageException($"'{file}' does not match the SHA-256 its metadata gives it at capture");
                }

                images++;
            }
        }

        return new OpenedEvidence(metadata.DisseminationId, metadata.CaseNumber, reads.Count, images);
    }
}
