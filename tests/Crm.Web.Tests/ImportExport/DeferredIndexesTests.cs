using Crm.Domain.Users;
using Crm.Web.Data;
using Crm.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace Crm.Web.Tests.ImportExport;

/// <summary>
/// A bulk write that brings at least as many rows as a table holds builds the table's non-unique indexes after its rows
/// (decision 0064): inside its transaction only, and the schema is exactly as before once it completes or rolls back.
/// </summary>
[Collection("api")]
public sealed class DeferredIndexesTests(ApiFixture api)
{
    [Fact]
    public async Task A_write_larger_than_the_table_drops_only_indexes_that_enforce_nothing_and_builds_the_same_ones_again()
    {
        await using var db = await api.Factory.Services.GetDb().CreateDbContextAsync(new Actor(api.AdminId, UserRole.Admin, "admin"), default);
        await using var transaction = await db.Database.BeginTransactionAsync();
        var before = await IndexesAsync(db);
        var held = await db.Customers.CountAsync();

        var deferred = await DeferredIndexes.BeginAsync(db, held, ["customers"], default);

        if (api.Factory.IsPostgres)
        {
            Assert.Null(deferred);
            return;
        }

        Assert.NotNull(deferred);
        var during = await IndexesAsync(db);
        Assert.Contains(during, sql => sql.Contains("\"ix_customers_customer_code_key\"", StringComparison.Ordinal));
        Assert.All(during, sql => Assert.StartsWith("CREATE UNIQUE INDEX", sql, StringComparison.Ordinal));
        Assert.True(before.Count - during.Count >= 10, $"{before.Count} indexes before, {during.Count} during");

        // A customer written meanwhile (in the same transaction: SQLite has one writer) is in the indexes built again.
        var name = $"延后索引{Guid.NewGuid():N}";
        var owner = api.AdminId;
        db.Customers.Add(new Customer
        {
            CustomerCode = name,
            CustomerCodeKey = name,
            Name = name,
            SalesOwnerId = owner,
            CreatedById = owner,
            CreatedAt = DateTime.UtcNow,
            UpdatedAt = DateTime.UtcNow,
            Version = 1,
            SearchText = name,
        });
        await db.SaveChangesAsync();
        await deferred.CompleteAsync(db, default);

        Assert.Equal(before, await IndexesAsync(db));
        Assert.Equal("ok", await ScalarAsync(db, "PRAGMA integrity_check"));
        Assert.Equal(1L, await ScalarAsync(db, $"SELECT count(*) FROM customers INDEXED BY ix_customers_name_id WHERE name = '{name}'"));
    }

    [Fact]
    public async Task A_write_smaller_than_the_table_keeps_its_indexes_and_a_rollback_puts_dropped_ones_back()
    {
        if (api.Factory.IsPostgres)
        {
            return;
        }

        await api.Admin.CreateCustomerAsync(new { name = $"保留索引{Guid.NewGuid():N}" });
        await using var db = await api.Factory.Services.GetDb().CreateDbContextAsync();
        var before = await IndexesAsync(db);
        var held = await db.Customers.CountAsync();

        await using (var transaction = await db.Database.BeginTransactionAsync())
        {
            await DeferredIndexes.BeginAsync(db, held - 1, ["customers"], default);
            Assert.Equal(before, await IndexesAsync(db));
            await transaction.RollbackAsync();
        }

        await using (var transaction = await db.Database.BeginTransactionAsync())
        {
            await DeferredIndexes.BeginAsync(db, held, ["customers"], default);
            Assert.NotEqual(before, await IndexesAsync(db));
            await transaction.RollbackAsync();
        }

        Assert.Equal(before, await IndexesAsync(db));
    }

    /// <summary>The SQL of the customers' indexes (SQLite: the ones made by CREATE INDEX), by name.</summary>
    private static Task<List<string>> IndexesAsync(CrmDbContext db) => db.Database.SqlQueryRaw<string>(db.IsPostgres
            ? "SELECT indexdef AS \"Value\" FROM pg_indexes WHERE tablename = 'customers' ORDER BY indexname"
            : "SELECT sql AS \"Value\" FROM sqlite_schema WHERE type = 'index' AND tbl_name = 'customers' AND sql IS NOT NULL ORDER BY name")
        .ToListAsync();

    private static async Task<object?> ScalarAsync(CrmDbContext db, string sql)
    {
        await using var command = db.Database.GetDbConnection().CreateCommand();
        command.CommandText = sql;
        command.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
        return await command.ExecuteScalarAsync();
    }
}
