using System.Net;
using Crm.Web.Data;
using Crm.Web.Features.Backups;
using Crm.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Crm.Web.Tests.Backups;

public sealed class RestoreTests
{
    [Fact]
    public async Task Restoring_a_truncated_or_foreign_file_fails_clearly_and_leaves_the_database_byte_for_byte_as_it_was()
    {
        await WithAppAsync(async (api, factory) =>
        {
            await api.Admin.CreateCustomerAsync(new { name = "不能丢的客户" });
            var backup = (await factory.Get<TakeBackup>().RunAsync(BackupKind.Manual))!.Path;
            var bytes = await File.ReadAllBytesAsync(backup);
            var truncated = Path.Combine(factory.BackupDirectory, "truncated.bin");
            await File.WriteAllBytesAsync(truncated, bytes[..(bytes.Length * 2 / 3)]);
            var foreign = Path.Combine(factory.BackupDirectory, "notes.txt");
            await File.WriteAllTextAsync(foreign, string.Concat(Enumerable.Repeat("这不是备份文件。", 2000)));
            var otherEngine = Path.Combine(factory.BackupDirectory, "other-engine.bin");
            await File.WriteAllBytesAsync(otherEngine, factory.IsPostgres ? "SQLite format 3\0"u8.ToArray() : "PGDMP\u0001"u8.ToArray());
            var before = await BackupChecks.FingerprintAsync(factory);

            foreach (var file in new[] { truncated, foreign, otherEngine, Path.Combine(factory.BackupDirectory, "missing.db") })
            {
                var ex = await Assert.ThrowsAsync<BackupFileInvalidException>(() => factory.Get<RestoreBackup>().HandleAsync(file, force: true, CancellationToken.None));
                Assert.Contains("备份文件无效", ex.Message, StringComparison.Ordinal);
                Assert.Equal(before, await BackupChecks.FingerprintAsync(factory));
            }

            // Nothing was backed up either: a bad file stops the restore before the safety backup.
            Assert.Single(BackupChecks.BackupNames(factory));
        });
    }

    /// <summary>
    /// The check runs table by table on parallel connections (decision 0061); a file whose pages are all readable but
    /// whose index disagrees with its rows must still be caught — here the name index of customers is re-declared over
    /// another column, so its entries no longer match any row.
    /// </summary>
    [EngineFact("sqlite")]
    public async Task A_backup_whose_index_disagrees_with_its_rows_is_refused_and_the_database_is_unchanged()
    {
        await WithAppAsync(async (api, factory) =>
        {
            await api.Admin.CreateCustomerAsync(new { name = "索引损坏的备份", tags = new[] { "重点客户" } });
            await api.Admin.CreateContactAsync((await api.Admin.CreateCustomerAsync(new { name = "另一个客户" })).Id(), new { name = "张三", mobile = "13800138000" });
            var backup = (await factory.Get<TakeBackup>().RunAsync(BackupKind.Manual))!.Path;
            var broken = Path.Combine(factory.BackupDirectory, "index-broken.db");
            File.Copy(backup, broken);
            await using (var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={broken};Pooling=False"))
            {
                await connection.OpenAsync();
                await using var command = connection.CreateCommand();
                command.CommandText = """
                    PRAGMA writable_schema = ON;
                    UPDATE sqlite_schema SET sql = replace(sql, '("name_key")', '("customer_code_key")') WHERE name = 'ix_customers_name_key';
                    """;
                await command.ExecuteNonQueryAsync();
            }

            var before = await BackupChecks.FingerprintAsync(factory);
            var ex = await Assert.ThrowsAsync<BackupFileInvalidException>(() => factory.Get<RestoreBackup>().HandleAsync(broken, force: true, CancellationToken.None));

            Assert.Contains("完整性检查未通过", ex.Message, StringComparison.Ordinal);
            Assert.Contains("missing from index ix_customers_name_key", ex.Message, StringComparison.Ordinal);
            Assert.Equal(before, await BackupChecks.FingerprintAsync(factory));

            // The intact backup it was copied from passes the same check.
            await factory.Get<RestoreBackup>().HandleAsync(backup, force: true, CancellationToken.None);
        });
    }

    [Fact]
    public async Task A_backup_of_a_newer_schema_is_refused_and_the_database_is_unchanged()
    {
        await WithAppAsync(async (api, factory) =>
        {
            await using (var db = await factory.DbAsync())
            {
                await db.Database.ExecuteSqlRawAsync("INSERT INTO \"__EFMigrationsHistory\" (\"MigrationId\", \"ProductVersion\") VALUES ('29990101000000_FromTheFuture', '10.0.0')");
            }

            var newer = (await factory.Get<TakeBackup>().RunAsync(BackupKind.Manual))!.Path;
            await using (var db = await factory.DbAsync())
            {
                await db.Database.ExecuteSqlRawAsync("DELETE FROM \"__EFMigrationsHistory\" WHERE \"MigrationId\" = '29990101000000_FromTheFuture'");
            }

            var before = await BackupChecks.FingerprintAsync(factory);
            var ex = await Assert.ThrowsAsync<BackupFileInvalidException>(() => factory.Get<RestoreBackup>().HandleAsync(newer, force: true, CancellationToken.None));
            Assert.Contains("29990101000000_FromTheFuture", ex.Message, StringComparison.Ordinal);
            Assert.Equal(before, await BackupChecks.FingerprintAsync(factory));
        });
    }

    [Fact]
    public async Task Restore_over_data_needs_force_and_then_backs_up_what_it_replaces()
    {
        await WithAppAsync(async (api, factory) =>
        {
            var kept = await api.Admin.CreateCustomerAsync(new { name = "备份里的客户" });
            var backup = (await factory.Get<TakeBackup>().RunAsync(BackupKind.Manual))!.Path;
            var later = await api.Admin.CreateCustomerAsync(new { name = "备份之后的客户" });
            var before = await BackupChecks.FingerprintAsync(factory);

            await Assert.ThrowsAsync<RestoreRefusedException>(() => factory.Get<RestoreBackup>().HandleAsync(backup, force: false, CancellationToken.None));
            Assert.Equal(before, await BackupChecks.FingerprintAsync(factory));

            var replaced = await factory.Get<RestoreBackup>().HandleAsync(backup, force: true, CancellationToken.None);

            Assert.NotNull(replaced);
            Assert.Contains("-pre-restore", Path.GetFileName(replaced!.Path), StringComparison.Ordinal);
            await using (var db = await factory.DbAsync())
            {
                var ids = await db.Customers.Select(c => c.Id).ToListAsync();
                Assert.Contains(kept.Id(), ids);
                Assert.DoesNotContain(later.Id(), ids);
            }

            // The safety backup holds what was replaced: restoring it brings the later customer back.
            await factory.Get<RestoreBackup>().HandleAsync(replaced.Path, force: true, CancellationToken.None);
            await using (var db = await factory.DbAsync())
            {
                Assert.True(await db.Customers.AnyAsync(c => c.Id == later.Id()));
            }
        });
    }

    /// <summary>
    /// The backup API takes the database's write lock itself; while another connection writes (an instance still
    /// running, the new database's start-up work) the restore waits for it, as every statement does, instead of
    /// failing at once with "database is locked".
    /// </summary>
    [EngineFact("sqlite")]
    public async Task A_restore_while_another_connection_writes_waits_for_it_and_then_restores()
    {
        await WithAppAsync(async (api, factory) =>
        {
            var kept = await api.Admin.CreateCustomerAsync(new { name = "备份里的客户" });
            var backup = (await factory.Get<TakeBackup>().RunAsync(BackupKind.Manual))!.Path;

            using var empty = new BackupAppFactory();
            var release = await SqliteHolder.HoldAsync(
                empty.Get<BackupTarget>().Engine.DatabaseFile!, "BEGIN IMMEDIATE; UPDATE app_secrets SET value = value;", TimeSpan.FromMilliseconds(500));

            Assert.Null(await empty.Get<RestoreBackup>().HandleAsync(backup, force: false, CancellationToken.None));
            await release;

            await using var db = await empty.DbAsync();
            Assert.Equal([kept.Id()], await db.Customers.Select(c => c.Id).ToListAsync());
        });
    }

    private static async Task WithAppAsync(Func<ApiFixture, BackupAppFactory, Task> test)
    {
        var factory = new BackupAppFactory();
        var api = new ApiFixture(factory);
        await api.InitializeAsync();
        try
        {
            await test(api, factory);
        }
        finally
        {
            await api.DisposeAsync();
        }
    }
}
