namespace Crm.Web.Infrastructure.Security;

/// <summary>What protects the app from hostile clients: body caps, response headers, login rate limits.</summary>
public static class SecuritySetup
{
    public static IServiceCollection AddCrmSecurity(this IServiceCollection services, IConfiguration configuration) =>
        services.AddLoginLimits(configuration);

    /// <summary>
    /// After localization (refusals are explained in the client's language) and before anything reads a body. Headers are
    /// set as each response starts, so an error answered by the exception handler outside this point carries them too.
    /// </summary>
    public static IApplicationBuilder UseCrmSecurity(this IApplicationBuilder app)
    {
        app.UseSecurityHeaders();
        app.UseRequestLimits();
        app.UseRateLimiter();
        return app;
    }
}
