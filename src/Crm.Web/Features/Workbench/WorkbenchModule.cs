namespace Crm.Web.Features.Workbench;

/// <summary>The Workbench feature (工作台, the home page after sign-in): its handler, shared by the API and the page, and its endpoint.</summary>
public static class WorkbenchModule
{
    public static IServiceCollection AddWorkbench(this IServiceCollection services)
    {
        services.AddScoped<GetWorkbench>();
        return services;
    }

    public static IEndpointRouteBuilder MapWorkbench(this IEndpointRouteBuilder app) => app.MapWorkbenchApi();
}
