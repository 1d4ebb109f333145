using Crm.Domain.Common;
using Crm.Domain.Resources;

namespace Crm.Domain.Customers;

/// <summary>Field limits of the customer record (SPEC §2.1).</summary>
public static class CustomerRules
{
    public const int NameMax = 200;
    public const int ShortNameMax = 50;
    public const int IndustryMax = 50;
    public const int ScaleMax = 20;
    public const int AddressMax = 500;
    public const int WebsiteMax = 200;
    public const int PaymentTermsMax = 100;
    public const int SourceMax = 50;
    public const int AccountPeriodMax = 3650;
    public const int CooperationYearsMax = 200;

    /// <summary>Offered in the UI; free text is allowed.</summary>
    public static IReadOnlyList<string> SuggestedScales { get; } = ["小型", "中型", "大型"];

    /// <summary>An absolute http(s) URL with a host; anything else is rejected.</summary>
    public static string? Website(string? value, ValidationErrors errors)
    {
        var cleaned = Text.Optional(value, WebsiteMax, "website", "Label_Website", errors);
        if (cleaned is null || errors.Has("website"))
        {
            return cleaned;
        }

        if (!Uri.TryCreate(cleaned, UriKind.Absolute, out var uri)
            || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps)
            || string.IsNullOrEmpty(uri.Host)
            || cleaned.Any(char.IsWhiteSpace))
        {
            errors.Add("website", Messages.WebsiteInvalid);
        }

        return cleaned;
    }

    /// <summary>A client-supplied code: blank means "generate one".</summary>
    public static string? ManualCode(string? value, ValidationErrors errors)
    {
        var cleaned = Text.Clean(value);
        if (cleaned is not null && !CustomerCode.IsValidManual(cleaned))
        {
            errors.Add("customer_code", Messages.CodeFormatInvalid);
        }

        return cleaned;
    }
}
