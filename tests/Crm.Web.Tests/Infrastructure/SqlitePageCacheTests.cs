using System.Globalization;
using Crm.Web.Data;
using Crm.Web.Tests.ImportExport;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace Crm.Web.Tests.Infrastructure;

/// <summary>
/// Every SQLite connection the app draws caches 32 MB of pages (decision 0074), also one SQLite opens anew after the
/// pool was cleared, and a bulk change's larger cache does not stay on the pooled connection after it.
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
