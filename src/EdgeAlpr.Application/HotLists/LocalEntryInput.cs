using EdgeAlpr.Core.HotLists;
using EdgeAlpr.Core.Plates;
using EdgeAlpr.Core.Policy;
using EdgeAlpr.Core.Text;

namespace EdgeAlpr.Application.HotLists;

/// <summary>
/// A local entry as a person types it (the command line's options, the console's form): text, checked here once for
/// every host, so the CLI and the API refuse the same input with the same words.
/// </summary>
/// <param name="Plate">The plate; '*' for each character not seen.</param>
/// <param name="State">Its state or jurisdiction, if known.</param>
/// <param name="Category">A category's wire name; <c>local_new_wanted</c> when empty.</param>
/// <param name="Reason">Why the plate is wanted (required).</param>
/// <param name="Expires">When the entry stops matching: an ISO 8601 date (through that day, UTC) or time.</param>
/// <param name="Vehicle">Make, model, colour.</param>
/// <param name="RecordNumber">The case or record number.</param>
/// <param name="OnBehalfOf">The person the entry is made for, when not the one signed in; recorded beside them.</param>
public sealed record LocalEntryInput(
    string? Plate,
    string? State,
    string? Category,
    string? Reason,
    string? Expires,
    string? Vehicle,
    string? RecordNumber,
    string? OnBehalfOf
)
{
    /// <summary>The person acted for, trimmed; null when the signed-in person acts for themselves.</summary>
    public string? Behalf => Trimmed(OnBehalfOf);

    /// <summary>The entry, entered by <paramref name="enteredBy"/> now; a <see cref="UseRefusedException"/> naming every problem otherwise.</summary>
    public HotListEntry ToEntry(string enteredBy, DateTimeOffset now)
    {
        var problems = new List<string>();
        string plate = Trimmed(Plate) is { } p ? PlateText.Normalize(p) : "";
        if (plate.Length == 0)
        {
            problems.Add("a plate is required");
        }

        HotListCategory category = HotListCategory.LocalNewWanted;
        if (Trimmed(Category) is { } text && !HotListCategories.TryParse(text, out category))
        {
            problems.Add($"unknown category '{Echo.Of(text)}' (known: {HotListCategories.Describe()})");
        }

        string? reason = Trimmed(Reason);
        if (reason is null)
        {
            problems.Add("a reason is required: why the plate is wanted (it is shown with every hit)");
        }

        DateTimeOffset? expires = null;
        if (Trimmed(Expires) is { } expiry)
        {
            if (!IsoTime.TryParse(expiry, endOfDay: true, out DateTimeOffset at))
            {
                problems.Add($"expiry '{Echo.Of(expiry)}' is not an ISO 8601 date or time (e.g. 2026-12-31 or 2026-12-31T18:00:00Z)");
            }
            else if (at <= now)
            {
                problems.Add($"expiry {at:u} is already past; an entry must match for some time");
            }
            else
            {
                expires = at;
            }
        }

        problems.AddRange(NameProblems(OnBehalfOf));
        var entry = new HotListEntry
        {
            Plate = plate,
            State = Trimmed(State) is { } s ? PlateText.Normalize(s) : null,
            Category = category,
            Source = "LOCAL",
            Reason = reason,
            Vehicle = Trimmed(Vehicle),
            RecordNumber = Trimmed(RecordNumber),
            EnteredBy = enteredBy,
            EnteredAt = now,
            Expires = expires,
            Origin = HotListOrigin.Local,
        };
        if (problems.Count == 0 && HotListEntryRules.Problem(entry, HotListPolicy.Default) is { } problem)
        {
            problems.Add(problem);
        }

        return problems.Count == 0 ? entry : throw new UseRefusedException(problems);
    }

    /// <summary>What is wrong with an on-behalf-of name: too long, or a control character in it.</summary>
    public static IEnumerable<string> NameProblems(string? onBehalfOf)
    {
        if (onBehalfOf is { Length: > AuthorisedUse.MaxNameLength })
        {
            yield return $"the person acted for is longer than {AuthorisedUse.MaxNameLength} characters";
        }
        else if (onBehalfOf is not null && onBehalfOf.Any(char.IsControl))
        {
            yield return "the person acted for contains a control character";
        }
    }

    private static string? Trimmed(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
}
