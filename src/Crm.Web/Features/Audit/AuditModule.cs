namespace Crm.Web.Features.Audit;

/// <summary>The Audit feature (a customer's 变更记录 and the admins' 操作日志): reading the trail that the data layer writes.</summary>
public static class AuditModule
{
    public static IServiceCollection AddAudit(this IServiceCollection services)
    {
        services.AddScoped<CustomerHistory>();
        services.AddScoped<SearchAudit>();
        services.AddScoped<AuditText>();
        services.AddScoped<AuditUserNames>();
        return services;
    }

    public static IEndpointRouteBuilder MapAudit(this IEndpointRouteBuilder app) => app.MapAuditApi();
}
