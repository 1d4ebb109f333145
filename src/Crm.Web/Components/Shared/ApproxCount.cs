using System.Globalization;

namespace Crm.Web.Components.Shared;

/// <summary>
/// An estimated total as people say it (decision 0066): in Chinese with 万 / 亿 and at most one decimal (33,000 →
/// "3.3 万", 1,200,000 → "120 万"), in English with digit grouping ("33,000"). The estimate is already rounded to two
/// significant digits; below 10,000 it is written out.
/// </summary>
public static class ApproxCount
{
    public static string Format(long count, CultureInfo culture)
    {
        if (!culture.Name.StartsWith("zh", StringComparison.Ordinal) || count < 10_000)
        {
            return count.ToString("N0", culture);
        }

        var (value, unit) = count >= 100_000_000 ? (count / 100_000_000m, "亿") : (count / 10_000m, "万");
        return decimal.Round(value, 1, MidpointRounding.AwayFromZero).ToString("0.#", culture) + " " + unit;
    }
}
