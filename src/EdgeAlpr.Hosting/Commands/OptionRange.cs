using System.CommandLine;
using System.Globalization;
using System.Numerics;

namespace EdgeAlpr.Hosting.Commands;

/// <summary>
/// A range check for a numeric option. The value is read from its token rather than with
/// <c>GetValueOrDefault</c>, which throws on a value that does not parse (<c>--reads x</c> ended the process): such a
/// value gets the parser's own error, and a value out of range this one.
/// </summary>
public static class OptionRange
{
    public static Option<T> Between<T>(this Option<T> option, T min, T max, string? message = null)
        where T : struct, INumber<T>
    {
        ArgumentNullException.ThrowIfNull(option);
        option.Validators.Add(r =>
        {
            if (r.Tokens.Count > 0 && T.TryParse(r.Tokens[^1].Value, CultureInfo.InvariantCulture, out T value) && (value < min || value > max))
            {
                r.AddError(message ?? $"{option.Name} must be between {min} and {max}");
            }
        });
        return option;
    }
}
