namespace Crm.Web.Features.ImportExport;

/// <summary>The ImportExport feature (templates, imports with dry run and undo, exports): its handlers and endpoints.</summary>
public static class ImportExportModule
{
    public static IServiceCollection AddImportExport(this IServiceCollection services)
    {
        services.AddScoped<ImportCustomers>();
        services.AddScoped<ExportCustomers>();
        services.AddScoped<ImportContacts>();
        services.AddScoped<ExportContacts>();
        services.AddScoped<ImportHistory>();
        services.AddScoped<ImportErrorReport>();
        services.AddScoped<RevertImport>();
        services.AddSingleton<ImportProgress>();
        services.AddSingleton<ImportJobs>();
        return services;
    }

    public static IEndpointRouteBuilder MapImportExport(this IEndpointRouteBuilder app) => app.MapImportExportApi();
}
