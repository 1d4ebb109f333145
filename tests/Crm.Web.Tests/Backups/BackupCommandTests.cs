using Crm.Web.Features.Backups;
using Crm.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Crm.Web.Tests.Backups;

/// <summary>The documented commands, run as a user runs them: the built app with the app's settings, its exit code and its one line.</summary>
public sealed class BackupCommandTests
{
    [Fact]
    public async Task Backup_and_restore_round_trip_through_the_command_line()
    {
        var factory = new BackupAppFactory();
        var api = new ApiFixture(factory);
        await api.InitializeAsync();
        try
        {
            var kept = await api.Admin.CreateCustomerAsync(new { name = "命令行备份的客户" });
            var file = Path.Combine(factory.BackupDirectory, "manual", factory.IsPostgres ? "crm.dump" : "crm.db");

            var backup = await BackupChecks.RunCliAsync(factory, "backup", "--out", file);

            Assert.True(backup.ExitCode == 0, backup.Error);
            Assert.Single(backup.Output.Split('\n'));
            Assert.Contains(file, backup.Output, StringComparison.Ordinal);
            BackupChecks.AssertOwnerOnly(file, BackupFiles.FileMode);
            BackupChecks.AssertOwnerOnly(Path.GetDirectoryName(file)!, BackupFiles.FolderMode);

            var again = await BackupChecks.RunCliAsync(factory, "backup", "--out", file);
            Assert.NotEqual(0, again.ExitCode);
            Assert.Contains("已存在", again.Error, StringComparison.Ordinal);

            var later = await api.Admin.CreateCustomerAsync(new { name = "备份之后的客户" });
            var before = await BackupChecks.FingerprintAsync(factory);

            var refused = await BackupChecks.RunCliAsync(factory, "restore", "--from", file);
            Assert.Equal(1, refused.ExitCode);
            Assert.Contains("--force", refused.Error, StringComparison.Ordinal);
            Assert.Equal(before, await BackupChecks.FingerprintAsync(factory));

            var garbage = Path.Combine(factory.BackupDirectory, "garbage.db");
            await File.WriteAllBytesAsync(garbage, new byte[8192]);
            var bad = await BackupChecks.RunCliAsync(factory, "restore", "--from", garbage, "--force");
            Assert.Equal(1, bad.ExitCode);
            Assert.Contains("备份文件无效", bad.Error, StringComparison.Ordinal);
            Assert.Equal(before, await BackupChecks.FingerprintAsync(factory));

            var restore = await BackupChecks.RunCliAsync(factory, "restore", "--from", file, "--force");

            Assert.True(restore.ExitCode == 0, restore.Error);
            Assert.Single(restore.Output.Split('\n'));
            var safety = Assert.Single(BackupChecks.BackupNames(factory));
            Assert.Contains("-pre-restore", safety, StringComparison.Ordinal);
            Assert.Contains(safety, restore.Output, StringComparison.Ordinal);
            await using var db = await factory.DbAsync();
            var ids = await db.Customers.Select(c => c.Id).ToListAsync();
            Assert.Contains(kept.Id(), ids);
            Assert.DoesNotContain(later.Id(), ids);
        }
        finally
        {
            await api.DisposeAsync();
        }
    }

    [Fact]
    public async Task A_command_without_its_file_prints_the_usage_and_exits_2()
    {
        using var factory = new BackupAppFactory();
        var result = await BackupChecks.RunCliAsync(factory, "restore", "--force");
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("restore --from", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_restore_into_an_older_schema_is_brought_up_to_date_at_the_next_start()
    {
        // A database of the previous release: a customer saved, then every migration but the last.
        var old = new BackupAppFactory();
        var oldApi = new ApiFixture(old);
        await oldApi.InitializeAsync();
        try
        {
            await oldApi.Admin.CreateCustomerAsync(new { name = "旧版本的客户" });
            var migrations = old.Get<BackupTarget>().KnownMigrations.Order(StringComparer.Ordinal).ToList();
            await using (var db = await old.DbAsync())
            {
                await db.GetService<IMigrator>().MigrateAsync(migrations[^2]);
            }

            await RestoreOlderSchemaAsync(old);
        }
        finally
        {
            await oldApi.DisposeAsync();
        }
    }

    private static async Task RestoreOlderSchemaAsync(BackupAppFactory old)
    {
        var file = Path.Combine(old.BackupDirectory, "old", old.IsPostgres ? "old.dump" : "old.db");
        var backup = await BackupChecks.RunCliAsync(old, "backup", "--out", file);
        Assert.True(backup.ExitCode == 0, backup.Error);

        using var target = new BackupAppFactory();
        _ = target.Services;
        var restore = await BackupChecks.RunCliAsync(target, "restore", "--from", file);
        Assert.True(restore.ExitCode == 0, restore.Error);

        // The next start: the pending migration is applied, after a backup of the data it is about to change.
        using var next = new BackupAppFactory(target);
        _ = next.Services;
        await using var restored = await next.DbAsync();
        Assert.Empty(await restored.Database.GetPendingMigrationsAsync());
        Assert.True(await restored.Customers.AnyAsync(c => c.Name == "旧版本的客户"));
        Assert.Contains(BackupChecks.BackupNames(next), n => n.Contains("-pre-migration", StringComparison.Ordinal));
    }
}
