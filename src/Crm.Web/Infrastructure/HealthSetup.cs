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
        services.AddSingleton<DatabaseHealthCheck>();

        // An unhealthy database is logged once per incident by DatabaseOutage, not once per probe.
        services.AddLogging(logging => logging.AddFilter(typeof(HealthCheckService).Namespace, LogLevel.Critical));
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

/// <summary>
/// Healthy only when the database can take writes: on SQLite the file is where the app opened it and writable (as are
/// its WAL and folder) and it answers a query; on PostgreSQL the server answers and is not a read-only replica.
/// The answer is kept <see cref="CacheFor"/> so that a probe every second costs one check every 5 s.
/// </summary>
public sealed class DatabaseHealthCheck(
    IDbContextFactory<CrmDbContext> dbFactory,
    SqliteDatabaseFile? file = null,
    DatabaseOutage? outage = null,
    TimeProvider? clock = null) : IHealthCheck
{
    public static readonly TimeSpan CacheFor = TimeSpan.FromSeconds(5);

    private readonly TimeProvider _clock = clock ?? TimeProvider.System;
    private (DateTimeOffset At, HealthCheckResult Result)? _last;

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var now = _clock.GetUtcNow();
        if (_last is { } last && now - last.At < CacheFor && now >= last.At)
        {
            return last.Result;
        }

        var result = await CheckNowAsync(cancellationToken);
        if (result.Status == HealthStatus.Healthy)
        {
            outage?.Recovered();
        }

        _last = (now, result);
        return result;
    }

    private async Task<HealthCheckResult> CheckNowAsync(CancellationToken ct)
    {
        if (file is not null && SqliteFiles.UnwritablePath(file.Path) is { } problem)
        {
            return HealthCheckResult.Unhealthy(problem);
        }

        try
        {
            await using var db = await dbFactory.CreateDbContextAsync(ct);
            if (db.IsPostgres)
            {
                var readOnly = await db.Database.SqlQueryRaw<bool>("SELECT pg_is_in_recovery() OR current_setting('default_transaction_read_only') = 'on' AS \"Value\"").SingleAsync(ct);
                return readOnly ? HealthCheckResult.Unhealthy("the database is read-only") : HealthCheckResult.Healthy();
            }

            await db.Users.AnyAsync(ct);
            return HealthCheckResult.Healthy();
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return HealthCheckResult.Unhealthy("database unreachable", ex);
        }
    }
}
