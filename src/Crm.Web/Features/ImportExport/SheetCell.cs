using System.Globalization;
using System.Text;
using Crm.Domain.Common;
using Crm.Domain.Resources;

namespace Crm.Web.Features.ImportExport;

/// <summary>
/// Turns one spreadsheet cell (what MiniExcel read: text, a number, a date, a boolean or nothing) into the value the
/// API would receive. Only the form changes here — full-width digits, money written as "1,200 元", real Excel dates —;
/// whether the value is acceptable is decided by the same field rules as the API's (CustomerFields, ContactFields).
/// </summary>
public static class SheetCell
{
    /// <summary>The cell as text the way the user sees it; null when empty.</summary>
    public static string? Text(object? value) => value switch
    {
        null => null,
        string s => s.Length == 0 ? null : SheetExport.Restore(s),
        double d => d.ToString("0.##########", CultureInfo.InvariantCulture),
        decimal m => m.ToString(CultureInfo.InvariantCulture),
        DateTime t => t.TimeOfDay == TimeSpan.Zero
            ? t.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)
            : t.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),
        bool b => b ? "TRUE" : "FALSE",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString(),
    };

    /// <summary>Full-width ASCII (Ａ１，) and the ideographic space become their half-width forms.</summary>
    public static string HalfWidth(string value)
    {
        StringBuilder? sb = null;
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            var mapped = c switch
            {
                >= '\uFF01' and <= '\uFF5E' => (char)(c - 0xFEE0),
                '\u3000' => ' ',
                _ => c,
            };
            if (mapped != c)
            {
                sb ??= new StringBuilder(value);
                sb[i] = mapped;
            }
        }

        return sb?.ToString() ?? value;
    }

    /// <summary>A whole number: an integral number cell, or text of digits (full-width allowed).</summary>
    public static bool TryInteger(object? value, out int result)
    {
        result = 0;
        switch (value)
        {
            case double d when d == Math.Floor(d) && d is >= int.MinValue and <= int.MaxValue:
                result = (int)d;
                return true;
            case string s:
                return int.TryParse(Compact(s), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out result);
            default:
                return false;
        }
    }

    /// <summary>An amount in yuan: a number cell, or text such as "1,200.50 元" (full-width allowed). Precision is checked by the field rule.</summary>
    public static bool TryMoney(object? value, out decimal result)
    {
        result = 0;
        switch (value)
        {
            case double d when double.IsFinite(d) && Math.Abs(d) < 7.9e27:
                result = (decimal)d;
                return true;
            case string s:
                var text = Compact(s).Replace(",", "", StringComparison.Ordinal).Replace("元", "", StringComparison.Ordinal)
                    .Replace("¥", "", StringComparison.Ordinal).Replace("￥", "", StringComparison.Ordinal);
                return decimal.TryParse(text, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out result);
            default:
                return false;
        }
    }

    /// <summary>A date: a real Excel date, an Excel serial number, or text yyyy-MM-dd (also yyyy/M/d).</summary>
    public static bool TryDate(object? value, out DateOnly result)
    {
        result = default;
        switch (value)
        {
            case DateTime t when t.TimeOfDay == TimeSpan.Zero:
                result = DateOnly.FromDateTime(t);
                return true;
            case double d when d == Math.Floor(d) && d is >= 1 and <= 2958465:
                result = DateOnly.FromDateTime(DateTime.FromOADate(d));
                return true;
            case string s:
                return DateOnly.TryParseExact(Compact(s), ["yyyy-MM-dd", "yyyy-M-d", "yyyy/M/d", "yyyy/MM/dd"], CultureInfo.InvariantCulture, DateTimeStyles.None, out result);
            default:
                return false;
        }
    }

    /// <summary>The message the API gives for a value of the wrong kind, with the column's label.</summary>
    public static string WrongKind(string messageKey, string labelKey) => Messages.Format(messageKey, Messages.Get(labelKey));

    private static string Compact(string value) => HalfWidth(value).Replace(" ", "", StringComparison.Ordinal).Trim();
}
