using System.Text;
using System.Text.RegularExpressions;
using Crm.Domain.Common;
using Crm.Domain.Resources;

namespace Crm.Domain.Contacts;

/// <summary>Field limits and the phone, mobile and e-mail formats of a contact (SPEC §2.2).</summary>
public static partial class ContactRules
{
    public const int NameMax = 50;
    public const int PositionMax = 50;
    public const int DepartmentMax = 50;
    public const int EmailMax = 100;
    public const int WechatMax = 50;
    public const int HobbiesMax = 200;
    public const int NotesMax = 2000;

    /// <summary>Longest normalised landline: 4-digit area code, 8-digit number and a 6-digit extension (0755-12345678-123456).</summary>
    public const int PhoneMax = 20;

    /// <summary>
    /// Longer input cannot be a phone number once separators are removed; refusing it early keeps the
    /// parsing cost bounded whatever is pasted into the field.
    /// </summary>
    private const int PhoneInputMax = 40;

    /// <summary>
    /// A mainland mobile number, stored as its 11 digits so that search and de-duplication see one spelling.
    /// People paste numbers as <c>+86 138 0013 8000</c>, <c>0086-138…</c> or with full-width digits from a
    /// Chinese input method; all of those are the same number. Returns null for a blank value; on error
    /// records a message under <c>mobile</c> and returns the trimmed input.
    /// </summary>
    public static string? Mobile(string? value, ValidationErrors errors)
    {
        var cleaned = Text.Clean(value);
        if (cleaned is null)
        {
            return null;
        }

        var compact = new StringBuilder(cleaned.Length);
        foreach (var c in ToHalfWidth(cleaned))
        {
            if (!IsPhoneSeparator(c))
            {
                compact.Append(c);
            }
        }

        var match = MobilePattern().Match(compact.ToString());
        if (!match.Success)
        {
            errors.Add("mobile", Messages.MobileInvalid);
            return cleaned;
        }

        return match.Groups["number"].Value;
    }

    /// <summary>
    /// A landline with its area code, stored as <c>021-88888888</c> or <c>021-88888888-123</c>.
    /// Accepts the ways people write it: <c>(010)12345678</c>, <c>010 1234 5678</c>, <c>+86 21 8888 8888</c>,
    /// extensions after <c>-</c>, <c>转</c>, <c>分机</c>, <c>ext</c>, <c>x</c> or <c>#</c>. Returns null for a
    /// blank value; on error records a message under <c>phone</c> and returns the trimmed input.
    /// </summary>
    public static string? Phone(string? value, ValidationErrors errors)
    {
        var cleaned = Text.Clean(value);
        if (cleaned is null)
        {
            return null;
        }

        var normalized = cleaned.Length <= PhoneInputMax ? NormalizeLandline(ToHalfWidth(cleaned)) : null;
        if (normalized is null)
        {
            errors.Add("phone", Messages.PhoneInvalid);
            return cleaned;
        }

        return normalized;
    }

    /// <summary>
    /// An e-mail address (local@domain.tld), trimmed and kept in the case it was typed: the local part may be
    /// case-sensitive, and people recognise their address as they wrote it. Returns null for a blank value.
    /// </summary>
    public static string? Email(string? value, ValidationErrors errors)
    {
        var cleaned = Text.Optional(value, EmailMax, "email", "Label_Email", errors);
        if (cleaned is null || errors.Has("email"))
        {
            return cleaned;
        }

        if (!IsEmail(cleaned))
        {
            errors.Add("email", Messages.EmailInvalid);
        }

        return cleaned;
    }

    private static bool IsEmail(string text)
    {
        var at = text.IndexOf('@', StringComparison.Ordinal);
        if (at <= 0 || at != text.LastIndexOf('@') || at == text.Length - 1)
        {
            return false;
        }

        return EmailLocalPart().IsMatch(text[..at]) && EmailDomain().IsMatch(text[(at + 1)..]);
    }

    /// <summary>
    /// Splits the number into area code, number and extension. Chinese area codes are prefix-free
    /// (010 and 02x have two digits after the 0, every other code three), so digits typed without
    /// separators still split in exactly one way, the way they are dialled.
    /// </summary>
    private static string? NormalizeLandline(string text)
    {
        string? extension = null;
        var keyword = KeywordExtension().Match(text);
        if (keyword.Success)
        {
            text = keyword.Groups["main"].Value;
            extension = keyword.Groups["extension"].Value;
        }

        var international = CountryPrefix().Match(text);
        if (international.Success)
        {
            text = text[international.Length..];
        }

        var groups = new string(text.Select(c => IsPhoneSeparator(c) ? ' ' : c).ToArray())
            .Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (groups.Length == 0 || !groups.All(g => g.All(char.IsAsciiDigit)))
        {
            return null;
        }

        if (international.Success && groups[0][0] != '0')
        {
            // +86 21 8888 8888: the trunk 0 is dropped after the country code.
            groups[0] = "0" + groups[0];
        }

        // 021-88888888-123: a last group after the full number is the extension.
        if (extension is null && groups.Length >= 2 && groups[^1].Length <= 6
            && SplitLandline(string.Concat(groups[..^1])) is { } withExtension)
        {
            return withExtension + "-" + groups[^1];
        }

        var number = SplitLandline(string.Concat(groups));
        return number is null ? null : extension is null ? number : number + "-" + extension;
    }

    private static string? SplitLandline(string digits)
    {
        var match = LandlinePattern().Match(digits);
        return match.Success ? match.Groups["area"].Value + "-" + match.Groups["number"].Value : null;
    }

    /// <summary>Hyphen-minus and the look-alike dashes that word processors and input methods substitute for it.</summary>
    private static bool IsDash(char c) => c is '-' or '\u2010' or '\u2011' or '\u2012' or '\u2013' or '\u2014' or '\u2212';

    private static bool IsPhoneSeparator(char c) => char.IsWhiteSpace(c) || IsDash(c) || c is '(' or ')';

    /// <summary>Full-width forms typed with a Chinese input method (１３８, －, （, ＋, ＃, ideographic space) as ASCII.</summary>
    private static string ToHalfWidth(string text)
    {
        var chars = text.ToCharArray();
        for (var i = 0; i < chars.Length; i++)
        {
            if (chars[i] is >= '\uFF01' and <= '\uFF5E')
            {
                chars[i] = (char)(chars[i] - 0xFEE0);
            }
            else if (chars[i] == '\u3000')
            {
                chars[i] = ' ';
            }
        }

        return new string(chars);
    }

    [GeneratedRegex("^(?:\\+86|0086|86)?(?<number>1[3-9][0-9]{9})$", RegexOptions.CultureInvariant)]
    private static partial Regex MobilePattern();

    [GeneratedRegex("^(?<area>0(?:10|2[0-9]|[3-9][0-9]{2}))(?<number>[0-9]{7,8})$", RegexOptions.CultureInvariant)]
    private static partial Regex LandlinePattern();

    [GeneratedRegex("^(?<main>.*?)[\\s-]*(?:转|分机|ext\\.?|x|#)[\\s-]*(?<extension>[0-9]{1,6})$", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex KeywordExtension();

    [GeneratedRegex("^\\s*\\(?\\s*(?:\\+|00)86\\s*\\)?", RegexOptions.CultureInvariant)]
    private static partial Regex CountryPrefix();

    /// <summary>Dot-separated atoms: no leading, trailing or doubled dot, no spaces, controls or address punctuation.</summary>
    [GeneratedRegex("^[^\\s\\p{Cc}\\p{Cf}.@,;:<>()\\[\\]\\\\\"]+(?:\\.[^\\s\\p{Cc}\\p{Cf}.@,;:<>()\\[\\]\\\\\"]+)*$", RegexOptions.CultureInvariant)]
    private static partial Regex EmailLocalPart();

    /// <summary>At least two labels of letters, digits and inner hyphens; the last one (the TLD) is not all digits.</summary>
    [GeneratedRegex("^(?:[\\p{L}\\p{N}](?:[\\p{L}\\p{N}-]*[\\p{L}\\p{N}])?\\.)+(?![0-9]+$)[\\p{L}\\p{N}](?:[\\p{L}\\p{N}-]*[\\p{L}\\p{N}])?$", RegexOptions.CultureInvariant)]
    private static partial Regex EmailDomain();
}
