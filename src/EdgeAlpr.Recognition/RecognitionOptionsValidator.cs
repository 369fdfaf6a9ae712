using EdgeAlpr.Core.Recognition;
using EdgeAlpr.Models;
using Microsoft.Extensions.Options;

namespace EdgeAlpr.Recognition;

/// <summary>Checks recognition settings at start, reporting every problem at once.</summary>
public sealed class RecognitionOptionsValidator(ModelManifest manifest) : IValidateOptions<RecognitionOptions>
{
    public ValidateOptionsResult Validate(string? name, RecognitionOptions options)
    {
        var problems = new List<string>();
        CheckModel(options.DetectorModel, ModelManifest.DetectorRole, nameof(options.DetectorModel), problems);
        CheckModel(options.OcrModel, ModelManifest.OcrRole, nameof(options.OcrModel), problems);
        if (!(options.DetectionThreshold is > 0f and < 1f))
        {
            problems.Add($"Recognition:DetectionThreshold must be between 0 and 1 (exclusive), got {options.DetectionThreshold}");
        }

        foreach (string model in options.FusionModels ?? [])
        {
            CheckModel(model, ModelManifest.OcrRole, nameof(options.FusionModels), problems);
        }

        foreach (string variant in options.CropVariants ?? [])
        {
            try
            {
                CropVariant.Parse(variant);
            }
            catch (FormatException ex)
            {
                problems.Add($"Recognition:CropVariants: {ex.Message}");
            }
        }

        if (!Enum.IsDefined(options.Mode))
        {
            problems.Add($"Recognition:Mode must be single, fast or accuracy, got {options.Mode}");
        }

        if (options.MinPlatePixels is < 1 or > 1000)
        {
            problems.Add($"Recognition:MinPlatePixels must be between 1 and 1000, got {options.MinPlatePixels}");
        }

        if (options.MaxPlatesPerImage is < 1 or > 256)
        {
            problems.Add($"Recognition:MaxPlatesPerImage must be between 1 and 256, got {options.MaxPlatesPerImage}");
        }

        // OpenCV refuses more than 2^30 pixels anyway; a larger setting would only hide that.
        if (options.MaxPicturePixels is < 1 or > (1L << 30))
        {
            problems.Add($"Recognition:MaxPicturePixels must be between 1 and {1L << 30} (OpenCV's own limit), got {options.MaxPicturePixels}");
        }

        if (options.Candidates is < 1 or > 20)
        {
            problems.Add($"Recognition:Candidates must be between 1 and 20, got {options.Candidates}");
        }

        if (options.IntraOpThreads is < 0 or > 256)
        {
            problems.Add($"Recognition:IntraOpThreads must be between 0 (runtime default) and 256, got {options.IntraOpThreads}");
        }

        if (options.InterOpThreads is < 0 or > 256)
        {
            problems.Add($"Recognition:InterOpThreads must be between 0 (runtime default) and 256, got {options.InterOpThreads}");
        }

        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }

    private void CheckModel(string id, string role, string setting, List<string> problems)
    {
        ModelEntry? model = manifest.Models.FirstOrDefault(m => m.Id == id);
        string known = string.Join(", ", manifest.Models.Where(m => m.Role == role).Select(m => m.Id));
        if (model is null)
        {
            problems.Add($"Recognition:{setting} '{id}' is not a known {role} model (known: {known})");
        }
        else if (model.Role != role)
        {
            problems.Add($"Recognition:{setting} '{id}' is a {model.Role} model, not a {role} model (known: {known})");
        }
    }
}
