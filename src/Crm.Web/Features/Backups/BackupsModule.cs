using Crm.Web.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace Crm.Web.Features.Backups;

/// <summary>The Backups feature: scheduled, manual and command-line backups, the restore, the admin API and page.</summary>
public static class BackupsModule
{
    public static IServiceCollection AddBackups(this IServiceCollection services)
    {
        services.AddBackupCore();
        services.AddHostedService<BackupScheduler>();
        services.AddSingleton<BackupToolCheck>();
        services.AddSingleton<IConfigureOptions<HealthCheckServiceOptions>, BackupHealthRegistration>();
        services.AddScoped<ListBackups>();
        services.AddScoped<DeleteBackup>();
        services.AddScoped<DownloadBackup>();
        services.AddScoped<GetBackupStatus>();
        return services;
    }

    /// <summary>What the command line needs as well: the settings, the database's backup engine, taking and restoring.</summary>
    internal static IServiceCollection AddBackupCore(this IServiceCollection services)
    {
        services.AddSingleton(sp => BackupSettings.From(sp.GetRequiredService<IConfiguration>()));
        services.AddSingleton<BackupTarget>();
        services.AddSingleton<TakeBackup>();
        services.AddSingleton<RestoreBackup>();
        return services;
    }

    public static IEndpointRouteBuilder MapBackups(this IEndpointRouteBuilder app) => app.MapBackupsApi();

    /// <summary>At start, before migrations change a database that holds data, a backup of it; a failed one stops the start.</summary>
    public static async Task BackUpBeforeMigrationsAsync(IServiceProvider services, CancellationToken ct)
    {
        var factory = services.GetRequiredService<IDbContextFactory<CrmDbContext>>();
        await using (var db = await factory.CreateDbContextAsync(ct))
        {
            if (!(await db.Database.GetAppliedMigrationsAsync(ct)).Any() || !(await db.Database.GetPendingMigrationsAsync(ct)).Any())
            {
                return;
            }
        }

        var target = services.GetRequiredService<BackupTarget>();
        if (await target.Engine.HasDataAsync(ct))
        {
            await services.GetRequiredService<TakeBackup>().RunAsync(BackupKind.PreMigration, ct: ct);
        }
    }
}
