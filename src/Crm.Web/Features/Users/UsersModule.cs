namespace Crm.Web.Features.Users;

/// <summary>The Users feature (user administration and the first admin): its use-case handlers and its endpoints.</summary>
public static class UsersModule
{
    public static IServiceCollection AddUsers(this IServiceCollection services)
    {
        services.AddScoped<ListUsers>();
        services.AddScoped<GetUser>();
        services.AddScoped<CreateUser>();
        services.AddScoped<UpdateUser>();
        services.AddScoped<SeedFirstAdmin>();
        return services;
    }

    public static IEndpointRouteBuilder MapUsers(this IEndpointRouteBuilder app) => app.MapUsersApi();
}
