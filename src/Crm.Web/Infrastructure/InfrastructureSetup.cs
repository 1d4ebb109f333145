using Crm.Domain.Common;
using Crm.Web.Infrastructure.Security;
using Scalar.AspNetCore;

namespace Crm.Web.Infrastructure;

/// <summary>The shared base every feature builds on: hosting defaults, time, the API's conventions and its documentation.</summary>
public static class InfrastructureSetup
{
    /// <summary>
    /// The README's command must work in any environment: static web assets from build output, a default URL.
    /// Kestrel caps every body at the JSON limit (an upload endpoint raises its own) and does not name itself.
    /// </summary>
    public static WebApplicationBuilder UseCrmHosting(this WebApplicationBuilder builder)
    {
        builder.WebHost.UseStaticWebAssets();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = RequestLimits.BodyBytes;
        });
        if (string.IsNullOrEmpty(builder.Configuration["urls"]) && string.IsNullOrEmpty(builder.Configuration["ASPNETCORE_URLS"]))
        {
            builder.WebHost.UseUrls("http://localhost:5080");
        }

        return builder;
    }

    /// <summary>Time (TimeProvider, the business time zone), JSON, the one exception-to-status switch, paging, health, texts.</summary>
    public static IServiceCollection AddCrmInfrastructure(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton(BusinessTime.For(configuration["Crm:TimeZone"]));
        services.AddSingleton<BusinessClock>();
        services.ConfigureHttpJsonOptions(o => ApiJson.Configure(o.SerializerOptions));
        services.AddSingleton<ErrorLogThrottle>();
        services.AddCrmSecurity(configuration);
        services.AddExceptionHandler<DatabaseOutageHandler>();
        services.AddExceptionHandler<ApiExceptionHandler>();
        services.AddProblemDetails();
        services.AddSingleton<CountCap>();
        services.AddScoped<MenuBadgeSignal>();
        services.AddCrmHealth();
        services.AddOpenApi();
        services.AddLocalization();
        return services;
    }

    /// <summary>The OpenAPI document and its reference page, readable without signing in.</summary>
    public static IEndpointRouteBuilder MapApiDocs(this IEndpointRouteBuilder app)
    {
        app.MapOpenApi().AllowAnonymous();
        app.MapScalarApiReference().AllowAnonymous();
        return app;
    }
}
