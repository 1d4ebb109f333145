using System.Data;
using Crm.Web.Data;
using Crm.Web.Tests.ImportExport;
using Microsoft.EntityFrameworkCore;

namespace Crm.Web.Tests.Infrastructure;

/// <summary>
/// Decision 0080: a pooled context's SQLite connection keeps its handle and its reads' prepared statements while it
/// is closed between requests, so a read asked again is not planned again; to EF it is closed and opened as before.
/// </summary>
/// <remarks>
/// These tests count the statements a handle holds. Clearing the pools (a restore, an outage's recovery) closes every
/// kept handle at its next open, process-wide, so a test of another collection doing it meanwhile made one of them
/// find a fresh handle; they run alone, after the parallel ones.
/// </remarks>
[Collection(KeptHandlesCollection.Name)]
public sealed class KeptSqliteConnectionTests(ApiFixture api)
{
    /// <summary>SQLITE_DBSTATUS_STMT_USED: the memory of every statement prepared on the connection.</summary>
    private const int StatementMemory = 3;

    [EngineFact("sqlite")]
    public async Task A_read_asked_again_after_close_and_open_runs_the_statement_prepared_the_first_time()
    {
        await using var db = await api.Factory.Services.GetDb().OpenDbContextAsync(default);
        var connection = Assert.IsType<KeptSqliteConnection>(db.Database.GetDbConnection());

        // A pooled context may come with a handle whose 64 kept statements are all taken, where a new one replaces the
        // oldest: start from a handle of its own.
        await connection.CloseAsync();
        KeptSqliteConnection.ClearPools(connection);
        await connection.OpenAsync();
        var read = db.Users.Where(u => u.Id > 0).OrderBy(u => u.Id).Select(u => u.Id);
        var before = PreparedBytes(connection);
        var ids = await read.ToListAsync();
        var kept = PreparedBytes(connection);
        Assert.True(kept > before, $"no statement kept prepared ({before} → {kept} bytes)");

        await connection.CloseAsync();
        Assert.Equal(ConnectionState.Closed, connection.State);
        await connection.OpenAsync();
        Assert.Equal(kept, PreparedBytes(connection));

        Assert.Equal(ids, await read.ToListAsync());
        Assert.Equal(kept, PreparedBytes(connection));
        await db.Users.Where(u => u.Id > 0).Select(u => u.Username).ToListAsync();
        Assert.True(PreparedBytes(connection) > kept, "another read prepared nothing new");
    }

    [EngineFact("sqlite")]
    public async Task A_kept_statement_answers_each_call_with_its_own_parameters()
    {
        var first = await api.NewUserAsync();
        var second = await api.NewUserAsync();
        await using var db = await api.Factory.Services.GetDb().OpenDbContextAsync(default);

        foreach (var (id, expected) in new (long, string?)[] { (first.Id, first.Username), (second.Id, second.Username), (first.Id, first.Username), (-1, null) })
        {
            Assert.Equal(expected, await db.Users.Where(u => u.Id == id).Select(u => u.Username).SingleOrDefaultAsync());
        }
    }

    [EngineFact("sqlite")]
    public async Task The_same_read_started_while_it_is_still_being_read_gets_its_own_statement()
    {
        await using var db = await api.Factory.Services.GetDb().OpenDbContextAsync(default);
        var all = db.Users.Where(u => u.Id > 0).OrderBy(u => u.Id).Select(u => u.Id);
        var expected = await all.ToListAsync();

        var outer = new List<long>();
        await foreach (var id in all.AsAsyncEnumerable())
        {
            outer.Add(id);
            Assert.Equal(expected, await all.ToListAsync());
        }

        Assert.Equal(expected, outer);
        Assert.Equal(expected, await all.ToListAsync());
    }

    [EngineFact("sqlite")]
    public async Task A_cleared_pool_closes_a_kept_handle_at_its_next_open()
    {
        await using var db = await api.Factory.Services.GetDb().OpenDbContextAsync(default);
        var connection = (KeptSqliteConnection)db.Database.GetDbConnection();
        var handle = connection.Handle;
        Assert.True(await db.Users.AnyAsync());
        await connection.CloseAsync();

        KeptSqliteConnection.ClearPools();
        await connection.OpenAsync();

        Assert.NotSame(handle, connection.Handle);
        Assert.True(await db.Users.AnyAsync());
    }

    [EngineFact("sqlite")]
    public async Task A_handle_unused_for_the_idle_limit_is_closed_for_good()
    {
        await using var db = await api.Factory.Services.GetDb().OpenDbContextAsync(default);
        var connection = (KeptSqliteConnection)db.Database.GetDbConnection();
        var read = db.Users.Where(u => u.Id > 0).Select(u => u.Id);
        var ids = await read.ToListAsync();
        var kept = PreparedBytes(connection);
        await connection.CloseAsync();

        KeptSqliteConnection.Prune(Environment.TickCount64 + (long)KeptSqliteConnection.IdleLimit.TotalMilliseconds - 1_000);
        await connection.OpenAsync();
        Assert.Equal(kept, PreparedBytes(connection));
        await connection.CloseAsync();

        KeptSqliteConnection.Prune(Environment.TickCount64 + (long)KeptSqliteConnection.IdleLimit.TotalMilliseconds + 1_000);
        await connection.OpenAsync();
        Assert.True(PreparedBytes(connection) < kept, "the pruned handle still holds its statements");
        Assert.Equal(ids, await read.ToListAsync());
    }

    [EngineFact("sqlite")]
    public async Task Writes_in_a_transaction_are_saved_and_the_connection_reads_them_afterwards()
    {
        var user = await api.NewUserAsync();
        var name = "保留连接" + Guid.NewGuid().ToString("N")[..6];
        await using var db = await api.Factory.Services.GetDb().OpenDbContextAsync(default);
        var read = db.Users.Where(u => u.Id == user.Id).Select(u => u.DisplayName);
        Assert.NotEqual(name, await read.SingleAsync());

        await using (var transaction = await db.Database.BeginTransactionAsync())
        {
            await db.Users.Where(u => u.Id == user.Id).ExecuteUpdateAsync(s => s.SetProperty(u => u.DisplayName, name));
            Assert.Equal(name, await read.SingleAsync());
            await transaction.CommitAsync();
        }

        Assert.Equal(name, await read.SingleAsync());
        await using var other = await api.Factory.Services.GetDb().CreateDbContextAsync();
        Assert.Equal(name, await other.Users.Where(u => u.Id == user.Id).Select(u => u.DisplayName).SingleAsync());
    }

    private static int PreparedBytes(KeptSqliteConnection connection)
    {
        SQLitePCL.raw.sqlite3_db_status(connection.Handle, StatementMemory, out var current, out _, 0);
        return current;
    }
}

[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class KeptHandlesCollection : ICollectionFixture<ApiFixture>
{
    public const string Name = "kept-handles";
}
