using System.Globalization;
using Crm.Web.Infrastructure.Auth;
using Microsoft.AspNetCore.Components.Authorization;

namespace Crm.Web.Components;

/// <summary>The Blazor UI: interactive server rendering on AntDesign, signed in with the session cookie.</summary>
public static class UiSetup
{
    public static IServiceCollection AddCrmUi(this IServiceCollection services)
    {
        services.AddRazorComponents().AddInteractiveServerComponents();
        services.AddCascadingAuthenticationState();
        services.AddScoped<AuthenticationStateProvider, CircuitSessionCheck>();
        services.AddAntDesign();
        UseUsEnglishForAntDesign();
        return services;
    }

    public static WebApplication MapCrmUi(this WebApplication app)
    {
        app.MapStaticAssets();
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
        return app;
    }

    /// <summary>
    /// AntDesign picks its texts (pagination, date picker, empty state) from the circuit's UI culture: zh-CN has its
    /// own; our neutral "en" would fall back to en-GB, so register en-US under "en". SetLocale also sets the
    /// process-wide default culture, which requests must not inherit, so that is reset straight away.
    /// </summary>
    private static void UseUsEnglishForAntDesign()
    {
        var (culture, uiCulture) = (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture);
        var defaultUi = CultureInfo.DefaultThreadCurrentUICulture;
        AntDesign.LocaleProvider.SetLocale("en", AntDesign.LocaleProvider.GetLocale("en-US") with { });
        AntDesign.LocaleProvider.DefaultLanguage = "zh-CN";
        CultureInfo.DefaultThreadCurrentUICulture = defaultUi;
        (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture) = (culture, uiCulture);
    }
}
