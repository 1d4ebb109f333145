using System.Globalization;
using Crm.Domain.Resources;

namespace Crm.Domain.Common;

public static class Ranges
{
    /// <summary>Records an error when an optional whole number falls outside [min, max].</summary>
    public static int? Check(int? value, int min, int max, string field, string labelKey, ValidationErrors errors)
    {
        if (value is { } v && (v < min || v > max))
        {
            errors.Add(field, Messages.Format(
                "FieldOutOfRange",
                Messages.Get(labelKey),
                min.ToString(CultureInfo.InvariantCulture),
                max.ToString(CultureInfo.InvariantCulture)));
            return null;
        }

        return value;
    }

    /// <summary>Records an error when a date lies after <paramref name="today"/>.</summary>
    public static DateOnly? NotInFuture(DateOnly? value, DateOnly today, string field, string labelKey, ValidationErrors errors)
    {
        if (value is { } d && d > today)
        {
            errors.Add(field, Messages.Format("DateInFuture", Messages.Get(labelKey)));
            return null;
        }

        return value;
    }
}
