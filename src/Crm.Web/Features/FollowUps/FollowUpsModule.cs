namespace Crm.Web.Features.FollowUps;

/// <summary>The FollowUps feature (follow-up records of a customer): its use-case handlers, which the API and the pages share, and its endpoints.</summary>
public static class FollowUpsModule
{
    public static IServiceCollection AddFollowUps(this IServiceCollection services)
    {
        services.AddScoped<CreateFollowUp>();
        services.AddScoped<GetFollowUp>();
        services.AddScoped<UpdateFollowUp>();
        services.AddScoped<DeleteFollowUp>();
        services.AddScoped<ListCustomerFollowUps>();
        return services;
    }

    public static IEndpointRouteBuilder MapFollowUps(this IEndpointRouteBuilder app) => app.MapFollowUpsApi();
}
