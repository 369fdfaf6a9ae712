using EdgeAlpr.FileSystem;
using EdgeAlpr.HotLists;
using EdgeAlpr.Storage;
using Microsoft.Extensions.Options;

namespace EdgeAlpr.Hosting.Service;

/// <summary>
/// What other users on the unit could touch, checked as the agent starts, one line per problem
/// with the fix: the settings file and its folder (nobody else may change them), the hot list and
/// the status file's folder (only the agent's user writes there), and the store (nor may others
/// look in: it holds the evidence). A folder not made yet is fine; the agent makes it owner-only.
/// </summary>
/// <remarks>
/// Only <c>edge-alpr run</c> checks folders: the maintenance commands run at an administrator's
/// hand, on the same folders the agent refuses at its next start. Key and certificate files are
/// checked by every command, through the settings' own validators.
/// </remarks>
public sealed class StartPermissions(SettingsFile? settings)
    : IValidateOptions<AgentOptions>,
        IValidateOptions<StoreOptions>,
        IValidateOptions<HotListOptions>
{
    public ValidateOptionsResult Validate(string? name, AgentOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var problems = new List<string?>();
        if (settings is not null)
        {
            problems.Add(TrustedFile.Problem(settings.Path, "the settings file"));
            problems.Add(FolderPermissions.Problem(Folder(settings.Path), "the settings file's folder", FolderUse.Settings));
        }

        if (!string.IsNullOrWhiteSpace(options.StatusFile))
        {
            problems.Add(FolderPermissions.Problem(Folder(options.StatusFile), "Agent:StatusFile's folder", FolderUse.State));
        }

        return Result(problems);
    }

    public ValidateOptionsResult Validate(string? name, StoreOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return string.IsNullOrWhiteSpace(options.Directory)
            ? ValidateOptionsResult.Success
            : Result([FolderPermissions.Problem(Path.GetFullPath(options.Directory), "Store:Directory", FolderUse.Evidence)]);
    }

    public ValidateOptionsResult Validate(string? name, HotListOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return string.IsNullOrWhiteSpace(options.Directory)
            ? ValidateOptionsResult.Success
            : Result([FolderPermissions.Problem(Path.GetFullPath(options.Directory), "HotList:Directory", FolderUse.State)]);
    }

    private static string Folder(string file) => Path.GetDirectoryName(Path.GetFullPath(file)) ?? "/";

    private static ValidateOptionsResult Result(IEnumerable<string?> problems)
    {
        List<string> found = [.. problems.OfType<string>()];
        return found.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(found);
    }
}
