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

    /// <summary>
    /// The pragma reads the schema, which waits while another connection holds the file (a restore, a writer of
    /// another instance). On a file of its own in rollback-journal mode, where an exclusive transaction shuts every
    /// reader out, a connection the interceptor sizes must wait for it as every statement does instead of failing.
    /// </summary>
    [EngineFact("sqlite")]
    public async Task A_connection_opened_while_another_holds_the_file_waits_for_it_instead_of_failing()
    {
        var file = Path.Combine(Path.GetTempPath(), $"crm-page-cache-{Guid.NewGuid():N}.db");
        try
        {
            await using (var setup = new SqliteConnection($"Data Source={file};Pooling=False"))
            {
                await setup.OpenAsync();
                await using var create = setup.CreateCommand();
                create.CommandText = "CREATE TABLE t (x INTEGER); INSERT INTO t VALUES (1);";
                await create.ExecuteNonQueryAsync();
            }

            var release = await SqliteHolder.HoldAsync(file, "BEGIN EXCLUSIVE; INSERT INTO t VALUES (2);", TimeSpan.FromMilliseconds(500));

            var options = new DbContextOptionsBuilder<DbContext>()
                .UseSqlite($"Data Source={file};Pooling=False")
                .AddInterceptors(new SqlitePageCache(32))
                .Options;
            await using var fresh = new DbContext(options);
            await fresh.Database.OpenConnectionAsync();
            Assert.Equal(Configured, await fresh.Database.SqlQueryRaw<long>("SELECT cache_size AS \"Value\" FROM pragma_cache_size").SingleAsync());
            Assert.Equal(2, await fresh.Database.SqlQueryRaw<long>("SELECT count(*) AS \"Value\" FROM t").SingleAsync());
            await release;
        }
        finally
        {
            File.Delete(file);
        }
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
