using System.Text.RegularExpressions;
using Crm.Domain.Common;
using Crm.Domain.Resources;

namespace Crm.Domain.Users;

public static partial class UserRules
{
    public const int PasswordMin = 8;
    public const int PasswordMax = 128;
    public const int DisplayNameMax = 50;
    public const int MaxFailedLogins = 5;
    public static readonly TimeSpan LockoutDuration = TimeSpan.FromMinutes(5);

    public static string Username(string? value, ValidationErrors errors)
    {
        var cleaned = Text.Clean(value);
        if (cleaned is null)
        {
            errors.Add("username", Messages.Format("FieldRequired", Messages.Get("Label_Username")));
            return string.Empty;
        }

        if (!UsernamePattern().IsMatch(cleaned))
        {
            errors.Add("username", Messages.UsernameInvalid);
        }

        return cleaned;
    }

    /// <summary>Usernames are unique case-insensitively.</summary>
    public static string NormalizeUsername(string username) => username.Trim().ToUpperInvariant();

    /// <summary>Passwords are taken as typed (no trimming): at least 8 characters. Problems go to <paramref name="field"/>.</summary>
    public static string Password(string? value, ValidationErrors errors, string field = "password", string label = "Label_Password")
    {
        if (string.IsNullOrEmpty(value))
        {
            errors.Add(field, Messages.Format("FieldRequired", Messages.Get(label)));
            return string.Empty;
        }

        if (Text.Length(value) < PasswordMin)
        {
            errors.Add(field, Messages.PasswordTooShort);
        }
        else if (Text.Length(value) > PasswordMax)
        {
            errors.Add(field, Messages.PasswordTooLong);
        }

        return value;
    }

    [GeneratedRegex("^[A-Za-z0-9_.@-]{3,50}$", RegexOptions.CultureInvariant)]
    private static partial Regex UsernamePattern();
}
