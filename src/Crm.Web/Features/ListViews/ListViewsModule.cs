namespace Crm.Web.Features.ListViews;

/// <summary>The ListViews feature (我的视图 and column settings, per user): its handlers, which the API and the list pages share, and its endpoints.</summary>
public static class ListViewsModule
{
    public static IServiceCollection AddListViews(this IServiceCollection services)
    {
        services.AddScoped<SaveListView>();
        services.AddScoped<ListMyViews>();
        services.AddScoped<ListColumns>();
        return services;
    }

    public static IEndpointRouteBuilder MapListViews(this IEndpointRouteBuilder app) => app.MapListViewsApi();
}
