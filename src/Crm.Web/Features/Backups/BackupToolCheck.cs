using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace Crm.Web.Features.Backups;

/// <summary>
/// PostgreSQL backups need pg_dump of the server's major version or newer: a missing or older one is reported by
/// /healthz (degraded, with the reason) and on the 数据备份 page. Asked at most once a minute.
/// </summary>
public sealed class BackupToolCheck(BackupTarget target, TimeProvider time) : IHealthCheck
{
    private static readonly TimeSpan Fresh = TimeSpan.FromMinutes(1);
    private (DateTimeOffset At, string? Problem)? _last;

    public async Task<string?> ProblemAsync(CancellationToken ct)
    {
        if (target.Engine is not PostgresBackupEngine postgres)
        {
            return null;
        }

        var now = time.GetUtcNow();
        if (_last is { } last && now - last.At < Fresh)
        {
            return last.Problem;
        }

        var problem = await postgres.Tools.ProblemAsync(ct);
        _last = (now, problem);
        return problem;
    }

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        await ProblemAsync(cancellationToken) is { } problem ? HealthCheckResult.Degraded(problem) : HealthCheckResult.Healthy();
}

/// <summary>Adds <see cref="BackupToolCheck"/> to /healthz: a missing or older pg_dump makes the app degraded, not unhealthy.</summary>
public sealed class BackupHealthRegistration : IConfigureOptions<HealthCheckServiceOptions>
{
    public void Configure(HealthCheckServiceOptions options) =>
        options.Registrations.Add(new HealthCheckRegistration("backups", sp => sp.GetRequiredService<BackupToolCheck>(), HealthStatus.Degraded, tags: null));
}
