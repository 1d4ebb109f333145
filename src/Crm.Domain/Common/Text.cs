using System.Globalization;
using Crm.Domain.Resources;

namespace Crm.Domain.Common;

/// <summary>Text field rules shared by every record: trim, empty means null, length in code points.</summary>
public static class Text
{
    /// <summary>Trims; an empty value, or one a person would see as blank (only white space or invisible characters), becomes null.</summary>
    public static string? Clean(string? value)
    {
        if (value is null)
        {
            return null;
        }

        var trimmed = value.Trim();
        return trimmed.Length == 0 || TextCharacters.IsInvisible(trimmed) ? null : trimmed;
    }

    /// <summary>Length as a person counts it: Unicode code points, so 𠀀 counts once.</summary>
    public static int Length(string value)
    {
        var count = 0;
        for (var i = 0; i < value.Length; i++)
        {
            if (char.IsHighSurrogate(value[i]) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
            {
                i++;
            }

            count++;
        }

        return count;
    }

    /// <summary>Cleans an optional value and records an error when it is longer than <paramref name="max"/>.</summary>
    public static string? Optional(string? value, int max, string field, string labelKey, ValidationErrors errors)
    {
        var cleaned = Clean(value);
        if (cleaned is not null && Length(cleaned) > max)
        {
            errors.Add(field, TooLong(labelKey, max));
        }

        return cleaned;
    }

    /// <summary>Cleans a required value; records an error when it is missing or too long.</summary>
    public static string Required(string? value, int max, string field, string labelKey, ValidationErrors errors)
    {
        var cleaned = Clean(value);
        if (cleaned is null)
        {
            errors.Add(field, Messages.Format("FieldRequired", Messages.Get(labelKey)));
            return string.Empty;
        }

        if (Length(cleaned) > max)
        {
            errors.Add(field, TooLong(labelKey, max));
        }

        return cleaned;
    }

    public static string TooLong(string labelKey, int max) =>
        Messages.Format("FieldTooLong", Messages.Get(labelKey), max.ToString(CultureInfo.InvariantCulture));
}
