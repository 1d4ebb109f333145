using System.Globalization;
using System.Text.RegularExpressions;

namespace Crm.Domain.Customers;

/// <summary>Customer codes: generated <c>CUS</c> + business date + 4-digit daily sequence, or supplied by hand.</summary>
public static partial class CustomerCode
{
    public const string Prefix = "CUS";
    public const int MaxLength = 32;

    /// <summary>CUS202602150001; past 9999 in a day the sequence simply gets longer.</summary>
    public static string Generate(DateOnly businessDate, long sequence)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(sequence, 1);
        return Prefix
            + businessDate.ToString("yyyyMMdd", CultureInfo.InvariantCulture)
            + sequence.ToString("D4", CultureInfo.InvariantCulture);
    }

    /// <summary>The sequence key of a business date, e.g. 20260215.</summary>
    public static string DayKey(DateOnly businessDate) =>
        businessDate.ToString("yyyyMMdd", CultureInfo.InvariantCulture);

    public static bool IsValidManual(string code) => ManualPattern().IsMatch(code);

    /// <summary>Codes are unique case-insensitively: this is the key the database keeps unique.</summary>
    public static string Normalize(string code) => code.ToUpperInvariant();

    [GeneratedRegex("^[A-Za-z0-9_-]{1,32}$", RegexOptions.CultureInvariant)]
    private static partial Regex ManualPattern();
}
