using Crm.Web.Data;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Crm.Web.Infrastructure;

/// <summary>
/// /healthz answers 200 {"status":"healthy"} when every check passes; 200 {"status":"degraded","reasons":[...]} when the
/// app works but something needs attention (a feature's check, e.g. backups without a usable pg_dump); 503
/// {"status":"unhealthy","reasons":[...]} when the database does not answer.
/// </summary>
public static class HealthSetup
{
    public static IServiceCollection AddCrmHealth(this IServiceCollection services)
    {
        services.AddHealthChecks().AddCheck<DatabaseHealthCheck>("database");
        return services;
    }

    public static IEndpointRouteBuilder MapCrmHealth(this IEndpointRouteBuilder app)
    {
        app.MapHealthChecks("/healthz", new HealthCheckOptions
        {
            ResponseWriter = (context, report) =>
            {
                var status = report.Status.ToString().ToLowerInvariant();
                var reasons = report.Entries.Where(e => e.Value.Status != HealthStatus.Healthy)
                    .Select(e => $"{e.Key}: {e.Value.Description}").ToList();
                return reasons.Count == 0
                    ? context.Response.WriteAsJsonAsync(new { status })
                    : context.Response.WriteAsJsonAsync(new { status, reasons });
            },
        }).AllowAnonymous();
        return app;
    }
}

/// <summary>Healthy only when the database answers a query.</summary>
public sealed class DatabaseHealthCheck(IDbContextFactory<CrmDbContext> dbFactory) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
            await db.Users.AnyAsync(cancellationToken);
            return HealthCheckResult.Healthy();
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return HealthCheckResult.Unhealthy("database unreachable", ex);
        }
    }
}
