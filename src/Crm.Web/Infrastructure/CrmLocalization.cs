using System.Globalization;

namespace Crm.Web.Infrastructure;

/// <summary>
/// The languages of the app: Chinese (zh-CN, the default) and English. A request's culture comes from the culture
/// cookie the language switch sets, else the browser's Accept-Language; it picks the UI texts and the domain messages.
/// </summary>
public static class CrmLocalization
{
    public static readonly IReadOnlyList<string> Cultures = ["zh-CN", "en"];

    public static IApplicationBuilder UseCrmLocalization(this IApplicationBuilder app) =>
        app.UseRequestLocalization(options =>
        {
            string[] cultures = [.. Cultures];
            options.SetDefaultCulture("zh-CN").AddSupportedCultures(cultures).AddSupportedUICultures(cultures);
            options.FallBackToParentUICultures = true;
            options.FallBackToParentCultures = true;
            _ = CultureInfo.GetCultureInfo("zh-CN");
        });
}
