using System.Globalization;
using EdgeAlpr.Core.Retention;
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

        problems.AddRange(RetentionProblems(options));
        Check(problems, options.QuotaMegabytes >= 0, "Store:QuotaMegabytes must be 0 (no quota) or positive");
        Check(problems, options.MinFreeMegabytes >= 0, "Store:MinFreeMegabytes must not be negative");
        Check(problems, options.MaxBatch is >= 1 and <= 10_000, "Store:MaxBatch must be between 1 and 10000");
        Check(problems, options.BacklogLimit >= options.MaxBatch, "Store:BacklogLimit must be at least Store:MaxBatch");
        Check(problems, options.RetryInterval > TimeSpan.Zero, "Store:RetryInterval must be positive");
        Check(problems, options.SyncParallelism is >= 1 and <= 256, "Store:SyncParallelism must be between 1 and 256");
        Check(problems, options.CheckpointMegabytes >= 1, "Store:CheckpointMegabytes must be at least 1");
        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }

    /// <summary>What is wrong with the retention settings; <see cref="EvidenceStore.Open"/> refuses to open with any.</summary>
    public static IReadOnlyList<string> RetentionProblems(StoreOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var problems = new List<string>();
        TimeSpan directive = RetentionPolicy.DirectiveRoutineRetention;
        Check(problems, options.ReadRetention > TimeSpan.Zero, $"Store:ReadRetention must be positive (it is {Days(options.ReadRetention)})");
        Check(
            problems,
            options.SeriousRetention > TimeSpan.Zero,
            $"Store:SeriousRetention must be positive (it is {Days(options.SeriousRetention)})"
        );
        Check(
            problems,
            options.ReadRetention <= options.SeriousRetention,
            $"Store:ReadRetention ({Days(options.ReadRetention)}) must not be longer than Store:SeriousRetention ({Days(options.SeriousRetention)}): routine reads are never kept longer than hits, dispositions and audit events"
        );
        Check(
            problems,
            options.ReadRetention <= directive || !string.IsNullOrWhiteSpace(options.ReadRetentionAuthority),
            $"Store:ReadRetention is {Days(options.ReadRetention)}, longer than the law-enforcement directive's {Days(directive)} for routine reads; set Store:ReadRetentionAuthority to the law or policy that allows it, or keep Store:ReadRetention at {Days(directive)} or less"
        );
        return problems;
    }

    private static string Days(TimeSpan span) => $"{span.TotalDays.ToString("0.###", CultureInfo.InvariantCulture)} days";

    private static void Check(List<string> problems, bool ok, string problem)
    {
        if (!ok)
        {
            problems.Add(problem);
        }
    }
}
