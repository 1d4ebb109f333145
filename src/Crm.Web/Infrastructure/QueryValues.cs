using System.Globalization;
using Crm.Domain.Common;
using Crm.Domain.Resources;

namespace Crm.Web.Infrastructure;

/// <summary>Strict query-string readers: empty counts as not given; anything else must be valid.</summary>
internal static class QueryValues
{
    public static string? Single(IQueryCollection query, string name) =>
        query.TryGetValue(name, out var values) ? values.Select(Text.Clean).LastOrDefault(v => v is not null) : null;

    public static IReadOnlyList<string> All(IQueryCollection query, string name) =>
        query.TryGetValue(name, out var values) ? values.Select(Text.Clean).OfType<string>().ToList() : [];

    public static int? Int(IQueryCollection query, string name, int min, int max, Func<string> message, ValidationErrors errors)
    {
        var text = Single(query, name);
        if (text is null)
        {
            return null;
        }

        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max)
        {
            return value;
        }

        errors.Add(name, message());
        return null;
    }

    public static long? Long(IQueryCollection query, string name, ValidationErrors errors)
    {
        var text = Single(query, name);
        if (text is null)
        {
            return null;
        }

        if (long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value > 0)
        {
            return value;
        }

        errors.Add(name, Messages.Format("ParameterInvalid", name));
        return null;
    }

    public static bool? Bool(IQueryCollection query, string name, ValidationErrors errors)
    {
        var text = Single(query, name);
        if (text is null)
        {
            return null;
        }

        if (text.Equals("true", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        if (text.Equals("false", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        errors.Add(name, Messages.Format("BoolParameterInvalid", name));
        return null;
    }

    /// <summary>Several values, comma-separated and/or repeated (customer_level=A,B or customer_level=A&amp;customer_level=B).</summary>
    public static IReadOnlyList<T> Enums<T>(IQueryCollection query, string name, ValidationErrors errors)
        where T : struct, Enum
    {
        var result = new List<T>();
        foreach (var part in All(query, name).SelectMany(v => v.Split(',')).Select(Text.Clean).OfType<string>())
        {
            if (EnumText<T>.TryParse(part, out var value))
            {
                if (!result.Contains(value))
                {
                    result.Add(value);
                }
            }
            else
            {
                errors.Add(name, Messages.Format("ParameterChoiceInvalid", name, string.Join(", ", EnumText<T>.Names)));
            }
        }

        return result;
    }
}
