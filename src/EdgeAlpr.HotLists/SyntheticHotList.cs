using System.Globalization;
using System.Text;
using EdgeAlpr.Core.HotLists;

namespace EdgeAlpr.HotLists;

/// <summary>
/// Generates a hot list shaped like a real state feed, for the benchmark and tests: US plate
/// formats by state (without I, O and Q where states leave them out), NCIC/LEADS/SOS record
/// numbers, vehicle descriptions in NCIC codes, categories in realistic proportions, some
/// expiring or already expired entries, some duplicates, and optional partial plates.
/// </summary>
public sealed class SyntheticHotList(int seed)
{
    private const string Letters = "ABCDEFGHJKLMNPRSTUVWXYZ";
    private const string AllLetters = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
    private const string Digits = "0123456789";

    private static readonly (string State, int Weight)[] States =
    [
        ("IL", 40),
        ("IN", 8),
        ("WI", 8),
        ("MO", 6),
        ("IA", 4),
        ("MI", 6),
        ("OH", 5),
        ("TX", 5),
        ("CA", 4),
        ("FL", 4),
        ("NY", 3),
        ("", 3),
    ];

    // L = letter (no I/O/Q), D = digit, V = any letter (vanity plates).
    private static readonly (string Pattern, int Weight)[] Patterns =
    [
        ("LLDDDDD", 25),
        ("LLLDDDD", 20),
        ("DLLLDDD", 10),
        ("LLLDDD", 10),
        ("DDDLLL", 6),
        ("DDDDDDD", 5),
        ("LLLLDD", 4),
        ("DDDDDLL", 4),
        ("DDDDL", 3),
        ("LLDDDDDD", 3),
        ("VVVVVV", 4),
        ("VVVVV", 3),
        ("VVVVVVV", 3),
    ];

    private static readonly (HotListCategory Category, int Weight)[] Categories =
    [
        (HotListCategory.StolenVehicle, 300),
        (HotListCategory.StolenPlate, 100),
        (HotListCategory.SuspendedRevokedRegistration, 250),
        (HotListCategory.ExpiredRegistration, 150),
        (HotListCategory.WantedPerson, 70),
        (HotListCategory.FelonyVehicle, 30),
        (HotListCategory.ProtectionOrder, 30),
        (HotListCategory.MissingPerson, 20),
        (HotListCategory.SexOffender, 30),
        (HotListCategory.MotorCarrierOutOfService, 18),
        (HotListCategory.AmberAlert, 1),
        (HotListCategory.SilverAlert, 1),
    ];

    private static readonly string[] Makes =
    [
        "TOYT",
        "HOND",
        "FORD",
        "CHEV",
        "NISS",
        "DODG",
        "JEEP",
        "HYUN",
        "KIA",
        "VOLK",
        "BMW",
        "MERZ",
        "SUBA",
        "GMC",
    ];
    private static readonly string[] Styles = ["4D", "2D", "SW", "PK", "VN", "UT", "MC"];
    private static readonly string[] Colours = ["BLK", "WHI", "SIL", "GRY", "BLU", "RED", "GRN", "TAN", "MAR", "BRO"];

    private readonly Random _random = new(seed);
    private readonly int _statesTotal = States.Sum(s => s.Weight);
    private readonly int _patternsTotal = Patterns.Sum(p => p.Weight);
    private readonly int _categoriesTotal = Categories.Sum(c => c.Weight);

    /// <summary>A random plate in one of the US formats.</summary>
    public string Plate()
    {
        string pattern = Pick(Patterns, _patternsTotal);
        return string.Create(pattern.Length, (pattern, _random), static (span, s) =>
        {
            for (int i = 0; i < span.Length; i++)
            {
                span[i] = s.pattern[i] switch
                {
                    'L' => Letters[s._random.Next(Letters.Length)],
                    'V' => AllLetters[s._random.Next(AllLetters.Length)],
                    _ => Digits[s._random.Next(Digits.Length)],
                };
            }
        });
    }

    public string State() => Pick(States, _statesTotal);

    /// <summary>
    /// Writes <paramref name="entries"/> rows of list CSV (and <paramref name="wildcards"/> partial
    /// plates), keeping up to <paramref name="sampleSize"/> of the listed plates for lookups.
    /// </summary>
    public List<(string Plate, string? State)> WriteCsv(TextWriter writer, int entries, int wildcards, DateTimeOffset now, int sampleSize)
    {
        ArgumentNullException.ThrowIfNull(writer);
        var sample = new List<(string, string?)>(sampleSize);
        writer.Write("plate,state,category,source,record_number,reason,vehicle,expires\n");
        var line = new StringBuilder(128);
        string? previousPlate = null;
        string previousState = "";
        for (int i = 0; i < entries + wildcards; i++)
        {
            bool partial = i >= entries;
            bool duplicate = !partial && previousPlate is not null && _random.Next(200) == 0;
            string plate = duplicate ? previousPlate! : Plate();
            string state = duplicate ? previousState : State();
            HotListCategory category = partial
                ? (_random.Next(3) == 0 ? HotListCategory.FelonyVehicle : HotListCategory.LocalNewWanted)
                : Pick(Categories, _categoriesTotal);
            if (partial)
            {
                plate = Obscure(plate);
            }
            else if (sample.Count < sampleSize)
            {
                sample.Add((plate, state.Length == 0 ? null : state));
            }
            else if (_random.Next(i + 1) < sampleSize)
            {
                sample[_random.Next(sampleSize)] = (plate, state.Length == 0 ? null : state);
            }

            previousPlate = plate;
            previousState = state;
            string source =
                partial ? "LOCAL"
                : category is HotListCategory.SuspendedRevokedRegistration or HotListCategory.ExpiredRegistration ? "SOS"
                : category == HotListCategory.MotorCarrierOutOfService ? "FMCSA"
                : _random.Next(5) < 3 ? "NCIC"
                : "LEADS";
            line.Clear();
            line.Append(plate)
                .Append(',')
                .Append(state)
                .Append(',')
                .Append(HotListCategories.WireName(category))
                .Append(',')
                .Append(source)
                .Append(',');
            line.Append(
                    source switch
                    {
                        "NCIC" => $"V{_random.Next(100_000_000, 999_999_999)}",
                        "LEADS" => $"L{_random.Next(10_000_000, 99_999_999)}",
                        "FMCSA" => $"USDOT{_random.Next(1_000_000, 3_999_999)}",
                        _ => "",
                    }
                )
                .Append(',');
            line.Append(
                    category switch
                    {
                        HotListCategory.WantedPerson => "FELONY WARRANT",
                        HotListCategory.ProtectionOrder => "ORDER OF PROTECTION - RESPONDENT",
                        HotListCategory.LocalNewWanted => "WITNESS PARTIAL PLATE - HIT AND RUN",
                        _ => "",
                    }
                )
                .Append(',');
            if (
                category
                is HotListCategory.StolenVehicle
                    or HotListCategory.FelonyVehicle
                    or HotListCategory.AmberAlert
                    or HotListCategory.SilverAlert
            )
            {
                line.Append(
                    CultureInfo.InvariantCulture,
                    $"{_random.Next(1998, 2026)} {Makes[_random.Next(Makes.Length)]} {Styles[_random.Next(Styles.Length)]} {Colours[_random.Next(Colours.Length)]}"
                );
            }

            line.Append(',');
            int expiry = _random.Next(100);
            if (expiry < 2)
            {
                line.Append(now.AddDays(-_random.Next(1, 30)).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
            }
            else if (expiry < 15)
            {
                line.Append(now.AddDays(_random.Next(1, 365)).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
            }

            line.Append('\n');
            writer.Write(line);
        }

        return sample;
    }

    /// <summary>Replaces one or (a third of the time) two characters with '*', as a witness's partial plate.</summary>
    public string Obscure(string plate)
    {
        char[] chars = plate.ToCharArray();
        int unknown = Math.Min(_random.Next(3) == 0 ? 2 : 1, chars.Length - HotListEntryRules.MinKnownCharacters);
        for (int k = 0; k < unknown; k++)
        {
            chars[_random.Next(chars.Length)] = '*';
        }

        return new string(chars);
    }

    private T Pick<T>((T Value, int Weight)[] table, int total)
    {
        int r = _random.Next(total);
        foreach ((T value, int weight) in table)
        {
            if ((r -= weight) < 0)
            {
                return value;
            }
        }

        return table[^1].Value;
    }
}
