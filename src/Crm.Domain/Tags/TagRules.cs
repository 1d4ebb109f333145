using System.Globalization;
using Crm.Domain.Common;
using Crm.Domain.Resources;

namespace Crm.Domain.Tags;

/// <summary>Customer tag names (SPEC §2.3): the predefined set, and what makes a custom name acceptable.</summary>
public static class TagRules
{
    public const int NameMax = 20;

    /// <summary>Offered first, in this order, wherever tags are picked.</summary>
    public static IReadOnlyList<string> Predefined { get; } = ["重点客户", "战略客户", "普通客户", "流失客户", "高价值客户", "长期合作", "新客户"];

    /// <summary>Whether the name, once trimmed as it would be stored, is one of the predefined tags.</summary>
    public static bool IsPredefined(string name) => Text.Clean(name) is { } cleaned && Predefined.Contains(cleaned, StringComparer.Ordinal);

    /// <summary>
    /// A tag name, trimmed. Control and invisible characters are refused rather than stripped: a tag that
    /// looks like 重点客户 but carries a zero-width space would sit beside the real one as a look-alike
    /// duplicate, and a line break would break every list that shows tags inline.
    /// </summary>
    public static string Name(string? value, string field, ValidationErrors errors)
    {
        var cleaned = Text.Clean(value);
        if (cleaned is null)
        {
            errors.Add(field, Messages.Format("FieldRequired", Messages.Get("Label_TagName")));
            return string.Empty;
        }

        if (cleaned.Any(IsControlOrInvisible))
        {
            errors.Add(field, Messages.TagControlChars);
        }

        if (Text.Length(cleaned) > NameMax)
        {
            errors.Add(field, Text.TooLong("Label_TagName", NameMax));
        }

        return cleaned;
    }

    private static bool IsControlOrInvisible(char c) =>
        char.GetUnicodeCategory(c) is UnicodeCategory.Control or UnicodeCategory.Format;
}
