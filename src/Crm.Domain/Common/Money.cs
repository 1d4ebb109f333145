using System.Globalization;
using Crm.Domain.Resources;

namespace Crm.Domain.Common;

/// <summary>
/// Money in yuan with at most two decimals, stored as whole fen (分) so that every engine can sort,
/// filter and sum it exactly in SQL.
/// </summary>
public static class Money
{
    /// <summary>10 billion yuan: far above any single customer's figures, and a sum over millions of rows still fits in 64 bits.</summary>
    public const decimal Max = 10_000_000_000m;

    public static bool HasAtMostTwoDecimals(decimal value) => decimal.Round(value, 2) == value;

    /// <summary>Checks an amount; records an error and returns null when it is not a valid amount.</summary>
    public static decimal? Check(decimal? value, string field, string labelKey, ValidationErrors errors)
    {
        if (value is null)
        {
            return null;
        }

        if (value < 0 || !HasAtMostTwoDecimals(value.Value))
        {
            errors.Add(field, Messages.Format("MoneyInvalid", Messages.Get(labelKey)));
            return null;
        }

        if (value > Max)
        {
            errors.Add(field, Messages.Format("MoneyTooLarge", Messages.Get(labelKey), Max.ToString("N0", CultureInfo.InvariantCulture)));
            return null;
        }

        return value;
    }

    public static long ToFen(decimal yuan) => (long)(yuan * 100m);

    public static decimal FromFen(long fen) => fen / 100m;
}
