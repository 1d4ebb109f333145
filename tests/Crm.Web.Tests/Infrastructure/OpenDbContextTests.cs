using System.Data;
using Crm.Web.Data;
using Crm.Web.Tests.ImportExport;
using Microsoft.EntityFrameworkCore;

namespace Crm.Web.Tests.Infrastructure;

/// <summary>
/// A read of several queries opens its connection once (decision 0065); the context goes back to the pool with it
/// closed, and the next request opens it again, through the guard's checks (on SQLite the handle stays with the
/// context, decision 0080).
/// </summary>
[Collection("api")]
public sealed class OpenDbContextTests(ApiFixture api)
{
    [Fact]
    public async Task A_context_opened_for_several_queries_keeps_one_connection_and_gives_it_back_when_disposed()
    {
        var factory = api.Factory.Services.GetDb();
        System.Data.Common.DbConnection connection;
        await using (var db = await factory.OpenDbContextAsync(default))
        {
            connection = db.Database.GetDbConnection();
            Assert.Equal(ConnectionState.Open, connection.State);
            Assert.True(await db.Users.AnyAsync());
            Assert.NotEmpty(await db.Users.Select(u => u.Id).ToListAsync());
            Assert.Same(connection, db.Database.GetDbConnection());
            Assert.Equal(ConnectionState.Open, connection.State);
        }

        Assert.Equal(ConnectionState.Closed, connection.State);
        await using var next = await factory.CreateDbContextAsync();
        Assert.Equal(ConnectionState.Closed, next.Database.GetDbConnection().State);
    }
}
