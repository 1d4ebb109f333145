namespace Crm.Web.Features.Stats;

/// <summary>The Stats feature (the chart figures of the statistics page): its use-case handlers, which the API and the pages share, and its endpoints.</summary>
public static class StatsModule
{
    public static IServiceCollection AddStats(this IServiceCollection services)
    {
        services.AddScoped<RevenueByLevel>();
        services.AddScoped<NewCustomersByMonth>();
        return services;
    }

    public static IEndpointRouteBuilder MapStats(this IEndpointRouteBuilder app) => app.MapStatsApi();
}
