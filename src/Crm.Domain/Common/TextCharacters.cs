using System.Globalization;
using System.Text;

namespace Crm.Domain.Common;

/// <summary>Where a text field is shown: on one line (names, codes, most fields) or as a paragraph (notes, follow-up content).</summary>
public enum TextKind
{
    SingleLine,
    MultiLine,
}

/// <summary>
/// Which characters a text field may hold (decision 0028). Refused, not stripped, so the client learns what was wrong:
/// malformed UTF-16 (a lone surrogate) and noncharacters; NUL and every other control character, except that a
/// paragraph may hold tab and line breaks; in single-line fields the bidi embedding, override and isolate controls
/// (U+202A–U+202E, U+2066–U+2069), which reorder what is shown around them (a name that reads "exe.doc" but is
/// "cod.exe"). Emoji, including their joiners and variation selectors, are ordinary text.
/// </summary>
public static class TextCharacters
{
    /// <summary>The message key of the first problem (formatted with the field's label), or null when the text is acceptable.</summary>
    public static string? Problem(string value, TextKind kind)
    {
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (char.IsSurrogate(c))
            {
                if (!char.IsHighSurrogate(c) || i + 1 >= value.Length || !char.IsLowSurrogate(value[i + 1]))
                {
                    return "TextMalformed";
                }

                if (IsNoncharacter(char.ConvertToUtf32(c, value[i + 1])))
                {
                    return "TextMalformed";
                }

                i++;
                continue;
            }

            if (c is '\t' or '\n' or '\r' or '\u2028' or '\u2029')
            {
                if (kind == TextKind.SingleLine)
                {
                    return "TextLineBreak";
                }

                continue;
            }

            if (char.IsControl(c))
            {
                return "TextControlChars";
            }

            if (IsNoncharacter(c))
            {
                return "TextMalformed";
            }

            if (kind == TextKind.SingleLine && IsBidiControl(c))
            {
                return "TextBidiControl";
            }
        }

        return null;
    }

    /// <summary>Whether every surrogate is one half of a pair (text from a JSON escape such as \ud800 may not be).</summary>
    public static bool IsWellFormed(string value)
    {
        for (var i = 0; i < value.Length; i++)
        {
            if (char.IsHighSurrogate(value[i]) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(value[i]))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// Whether a person would see nothing: white space, format characters (zero-width space, BOM, joiners, direction
    /// marks), variation selectors and the blank "filler" letters. Such text counts as empty.
    /// </summary>
    public static bool IsInvisible(string value)
    {
        foreach (var rune in value.EnumerateRunes())
        {
            if (!IsInvisible(rune))
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsInvisible(Rune rune) =>
        Rune.IsWhiteSpace(rune)
        || Rune.GetUnicodeCategory(rune) is UnicodeCategory.Format or UnicodeCategory.Control
        || rune.Value is 0x034F or 0x115F or 0x1160 or 0x2800 or 0x3164 or 0xFFA0
        || rune.Value is >= 0xFE00 and <= 0xFE0F
        || rune.Value is >= 0xE0100 and <= 0xE01EF;

    private static bool IsBidiControl(char c) => c is >= '\u202A' and <= '\u202E' or >= '\u2066' and <= '\u2069';

    private static bool IsNoncharacter(int codePoint) =>
        codePoint is >= 0xFDD0 and <= 0xFDEF || (codePoint & 0xFFFE) == 0xFFFE;
}
