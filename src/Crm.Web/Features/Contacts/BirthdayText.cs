using System.Globalization;
using Crm.Web.Resources;
using Microsoft.Extensions.Localization;

namespace Crm.Web.Features.Contacts;

/// <summary>How the 近期生日 list words a birthday: 今天 or 还有 N 天, and the date itself.</summary>
public static class BirthdayText
{
    /// <summary>The windows the page offers, in days.</summary>
    public static readonly IReadOnlyList<int> Windows = [7, 30, 90];

    public static string DaysUntil(IStringLocalizer<UiText> l, int days) => days switch
    {
        <= 0 => l["Birthdays_Today"].Value,
        _ => l["Birthdays_InDays", days].Value,
    };

    /// <summary>The stored birthday; a contact's year may be unknown, but the date is always whole.</summary>
    public static string Date(DateOnly? birthday) =>
        birthday is { } b ? b.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : "—";

    /// <summary>Today's and tomorrow's stand out; the rest are calm.</summary>
    public static string Color(int days) => days switch
    {
        <= 0 => "red",
        <= 7 => "orange",
        _ => "blue",
    };
}
