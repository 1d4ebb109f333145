using Crm.Web.Data;
using Crm.Web.Data.Search;
using Crm.Web.Features.Backups;
using Crm.Web.Features.Users;
using Crm.Web.Infrastructure.Auth;

namespace Crm.Web;

/// <summary>
/// What runs once before the app takes requests, in this order: a database that holds data and has migrations pending
/// is backed up, the schema is brought up to date, rows written
/// without search text get it (and customers without a name key), the token signing key and the Data Protection key ring are loaded (created once for all instances), and the first
/// administrator is created when there is no user yet. Each task is safe to run on several instances at once.
/// </summary>
public static class StartupTasks
{
    public static async Task RunAsync(IServiceProvider services, CancellationToken ct = default)
    {
        await BackupsModule.BackUpBeforeMigrationsAsync(services, ct);
        await DataSetup.MigrateAsync(services, ct);
        await SearchBackfill.RunAsync(services, ct);
        await CustomerNameKeys.BackfillAsync(services, ct);
        await AuthSetup.LoadSigningKeyAsync(services, ct);
        SharedKeys.EnsureKey(services);
        await using var scope = services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<SeedFirstAdmin>().RunAsync(ct);
    }
}
