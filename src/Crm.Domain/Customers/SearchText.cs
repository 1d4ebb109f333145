using System.Text;

namespace Crm.Domain.Customers;

/// <summary>
/// The text a customer keyword search runs against, and how a keyword is matched to it.
/// <para>
/// Fields (name, short name, code, and the pinyin spellings — full and initials — of name and short name) are lower-cased and
/// joined by <see cref="FieldSeparator"/>. Every Han character is then fenced by <see cref="HanSeparator"/>, so a
/// two-character Chinese term becomes three characters ("精密" → "精\u001e密") and a trigram index — FTS5's
/// trigram tokenizer on SQLite, a GIN index of trigrams on PostgreSQL — can find 2-character Chinese terms,
/// which a plain trigram index cannot. Because the fencing is applied the same way to text and keyword, "keyword
/// is a substring of a field" holds exactly when "fenced keyword is a substring of the search text".
/// </para>
/// </summary>
public static class SearchText
{
    public const char HanSeparator = '\u001e';
    public const char FieldSeparator = '\u001f';

    /// <summary>
    /// Builds a customer's search text. <paramref name="pinyin"/> gives the pinyin spellings of a text (full pinyin
    /// and initials, one field each; several when the text has polyphonic characters).
    /// </summary>
    public static string Build(string name, string? shortName, string code, Func<string, IReadOnlyList<string>> pinyin)
    {
        var sb = new StringBuilder(name.Length * 6 + 64);
        AppendField(sb, name);
        AppendField(sb, shortName ?? string.Empty);
        AppendField(sb, code);
        AppendPinyin(sb, pinyin, name, shortName);
        return sb.ToString();
    }

    /// <summary>
    /// Search text of plain fields, e.g. a contact's name, mobile and e-mail, followed by the pinyin spellings of
    /// <paramref name="withPinyin"/> (e.g. the contact's name).
    /// </summary>
    public static string Fields(IEnumerable<string?> fields, Func<string, IReadOnlyList<string>> pinyin, params string?[] withPinyin)
    {
        var sb = new StringBuilder(128);
        var first = true;
        foreach (var field in fields)
        {
            if (!first)
            {
                sb.Append(FieldSeparator);
            }

            sb.Append(Fence((field ?? string.Empty).ToLowerInvariant()));
            first = false;
        }

        AppendPinyin(sb, pinyin, withPinyin);
        return sb.ToString();
    }

    private static void AppendPinyin(StringBuilder sb, Func<string, IReadOnlyList<string>> pinyin, params string?[] texts)
    {
        foreach (var text in texts)
        {
            if (text is not null && ContainsHan(text))
            {
                foreach (var spelling in pinyin(text))
                {
                    AppendField(sb, spelling);
                }
            }
        }
    }

    /// <summary>The keyword as it must appear in the search text; null when it can match nothing (control characters).</summary>
    public static string? Needle(string keyword)
    {
        foreach (var ch in keyword)
        {
            if (char.IsControl(ch))
            {
                return null;
            }
        }

        return Fence(keyword.ToLowerInvariant());
    }

    /// <summary>Every distinct 3-character substring of a needle: what a trigram index can look up (none below 3).</summary>
    public static IReadOnlyList<string> Trigrams(string needle)
    {
        var runes = needle.EnumerateRunes().Select(r => r.ToString()).ToArray();
        var result = new List<string>();
        for (var i = 0; i + 3 <= runes.Length; i++)
        {
            var gram = runes[i] + runes[i + 1] + runes[i + 2];
            if (!result.Contains(gram))
            {
                result.Add(gram);
            }
        }

        return result;
    }

    public static bool ContainsHan(string text)
    {
        foreach (var rune in text.EnumerateRunes())
        {
            if (IsHan(rune.Value))
            {
                return true;
            }
        }

        return false;
    }

    public static bool IsHan(int codePoint) =>
        codePoint is (>= 0x3400 and <= 0x4DBF) or (>= 0x4E00 and <= 0x9FFF) or (>= 0xF900 and <= 0xFAFF) or (>= 0x20000 and <= 0x3134F);

    private static void AppendField(StringBuilder sb, string field)
    {
        if (sb.Length > 0)
        {
            sb.Append(FieldSeparator);
        }

        sb.Append(Fence(field.ToLowerInvariant()));
    }

    /// <summary>Puts <see cref="HanSeparator"/> between two adjacent characters when either is Han.</summary>
    private static string Fence(string text)
    {
        var sb = new StringBuilder(text.Length * 2);
        var previousHan = false;
        var first = true;
        foreach (var rune in text.EnumerateRunes())
        {
            var han = IsHan(rune.Value);
            if (!first && (han || previousHan))
            {
                sb.Append(HanSeparator);
            }

            sb.Append(rune.ToString());
            previousHan = han;
            first = false;
        }

        return sb.ToString();
    }
}
