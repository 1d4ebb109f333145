namespace Crm.Web.Features.Tags;

/// <summary>The Tags feature (tags on customers, bulk tagging and the tag catalogue (rename, delete everywhere)): its use-case handlers, which the API and the pages share, and its endpoints.</summary>
public static class TagsModule
{
    public static IServiceCollection AddTags(this IServiceCollection services)
    {
        services.AddScoped<AddCustomerTag>();
        services.AddScoped<AddCustomerTags>();
        services.AddScoped<ListCustomerTags>();
        services.AddScoped<RemoveCustomerTag>();
        services.AddScoped<BulkTagCustomers>();
        services.AddScoped<TagCatalogue>();
        services.AddScoped<RenameTag>();
        services.AddScoped<DeleteTagEverywhere>();
        return services;
    }

    public static IEndpointRouteBuilder MapTags(this IEndpointRouteBuilder app) => app.MapTagsApi();
}
