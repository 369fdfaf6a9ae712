using Microsoft.Extensions.Options;

namespace EdgeAlpr.Storage;

/// <summary>Checks store settings at start, reporting every problem at once.</summary>
public sealed class StoreOptionsValidator : IValidateOptions<StoreOptions>
{
    public ValidateOptionsResult Validate(string? name, StoreOptions options)
    {
        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(options.Directory))
        {
            problems.Add("Store:Directory must name a directory");
        }

        if (string.IsNullOrWhiteSpace(options.KeyFile) && string.IsNullOrWhiteSpace(options.KeyVariable))
        {
            problems.Add("Store:KeyFile or Store:KeyVariable must say where the database key is");
        }
        else if (StoreKey.FileProblem(options) is { } keyProblem)
        {
            problems.Add($"Store:KeyFile: {keyProblem}");
        }

        problems.AddRange(options.Retention().Validate().Select(p => "Store: " + p));
        Check(problems, options.QuotaMegabytes >= 0, "Store:QuotaMegabytes must be 0 (no quota) or positive");
        Check(problems, options.MinFreeMegabytes >= 0, "Store:MinFreeMegabytes must not be negative");
        Check(problems, options.MaxBatch is >= 1 and <= 10_000, "Store:MaxBatch must be between 1 and 10000");
        Check(problems, options.BacklogLimit >= options.MaxBatch, "Store:BacklogLimit must be at least Store:MaxBatch");
        Check(problems, options.RetryInterval > TimeSpan.Zero, "Store:RetryInterval must be positive");
        Check(problems, options.SyncParallelism is >= 1 and <= 256, "Store:SyncParallelism must be between 1 and 256");
        Check(problems, options.CheckpointMegabytes >= 1, "Store:CheckpointMegabytes must be at least 1");
        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }

    private static void Check(List<string> problems, bool ok, string problem)
    {
        if (!ok)
        {
            problems.Add(problem);
        }
    }
}
