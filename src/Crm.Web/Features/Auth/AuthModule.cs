namespace Crm.Web.Features.Auth;

/// <summary>
/// The Auth feature (signing in: the API's token login and /me, 个人设置 (own password and display name), the UI's sign-in, sign-out and language switch).
/// The plumbing that checks a session on every request lives in Infrastructure/Auth.
/// </summary>
public static class AuthModule
{
    public static IServiceCollection AddAuth(this IServiceCollection services)
    {
        services.AddScoped<Login>();
        services.AddScoped<ChangePassword>();
        services.AddScoped<UpdateProfile>();
        return services;
    }

    public static IEndpointRouteBuilder MapAuth(this IEndpointRouteBuilder app)
    {
        app.MapAuthApi();
        app.MapAccountEndpoints();
        return app;
    }
}
