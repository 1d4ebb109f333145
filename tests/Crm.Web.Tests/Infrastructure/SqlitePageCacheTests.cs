using System.Globalization;
using Crm.Web.Data;
using Crm.Web.Tests.ImportExport;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace Crm.Web.Tests.Infrastructure;

/// <summary>
/// Every SQLite connection the app draws caches 32 MB of pages (decision 0074), also one SQLite opens anew after the
/// pool was cleared or while another connection holds the file, and a bulk change's larger cache does not stay on the
/// pooled connection after it.
/// </summary>
[Collection("api")]
public sealed class SqlitePageCacheTests(ApiFixture api)
{
    private const long Configured = -32 * 1024;

    [EngineFact("sqlite")]
    public async Task Every_connection_caches_the_configured_size_also_after_the_pool_is_cleared()
    {
        var factory = api.Factory.Services.GetDb();
        await using (var db = await factory.OpenDbContextAsync(default))
        {
            Assert.Equal(Configured, await CacheSizeAsync(db));
            SqliteConnection.ClearPool((SqliteConnection)db.Database.GetDbConnection());
        }

        await using var fresh = await factory.OpenDbContextAsync(default);
        Assert.Equal(Configured, await CacheSizeAsync(fresh));
    }

    [EngineFact("sqlite")]
    public async Task A_connection_opened_while_another_holds_the_file_waits_for_it_instead_of_failing()
    {
        var factory = api.Factory.Services.GetDb();
        string file;
        await using (var db = await factory.CreateDbContextAsync())
        {
            file = new SqliteConnectionStringBuilder(db.Database.GetConnectionString()).DataSource;
            SqliteConnection.ClearPool((SqliteConnection)db.Database.GetDbConnection());
        }

        // Another process's exclusive lock (a restore, sqlite3 in exclusive mode): the pragma reads the schema and must
        // wait for the file, as every statement of the app does, instead of failing the request at once.
        var holder = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = file, Pooling = false }.ToString());
        await holder.OpenAsync();
        await using (var command = holder.CreateCommand())
        {
            command.CommandText = "PRAGMA locking_mode = EXCLUSIVE; BEGIN EXCLUSIVE; SELECT count(*) FROM users;";
            await command.ExecuteScalarAsync();
        }

        var release = Task.Run(async () =>
        {
            await Task.Delay(500);
            await using (var commit = holder.CreateCommand())
            {
                commit.CommandText = "COMMIT";
                await commit.ExecuteNonQueryAsync();
            }

            await holder.DisposeAsync();
        });

        await using var fresh = await factory.OpenDbContextAsync(default);
        Assert.Equal(Configured, await CacheSizeAsync(fresh));
        Assert.True(await fresh.Users.AnyAsync());
        await release;
    }

    [EngineFact("sqlite")]
    public async Task A_bulk_change_gives_the_connection_back_with_the_configured_cache()
    {
        var factory = api.Factory.Services.GetDb();
        await using (var db = await factory.CreateDbContextAsync())
        {
            await using (await BulkCache.EnlargeAsync(db, default))
            {
                Assert.Equal(-BulkCache.BulkMegabytes * 1024L, await CacheSizeAsync(db));
            }

            Assert.Equal(Configured, await CacheSizeAsync(db));
        }

        await using var next = await factory.OpenDbContextAsync(default);
        Assert.Equal(Configured, await CacheSizeAsync(next));
    }

    private static async Task<long> CacheSizeAsync(CrmDbContext db) =>
        Convert.ToInt64(await RawSql.ScalarAsync(db, "PRAGMA cache_size", default), CultureInfo.InvariantCulture);
}
