using Crm.Web.Data;
using Crm.Web.Tests.ImportExport;
using Microsoft.EntityFrameworkCore;

namespace Crm.Web.Tests.Infrastructure;

/// <summary>
/// Decision 0081: a query composed by LINQ code is compiled once and answers every call with that call's arguments; a
/// shape that fixed a value computed from its arguments is refused instead of answering later calls with the first's.
/// </summary>
[Collection("api")]
public sealed class QueryShapeTests(ApiFixture api)
{
    private static readonly QueryShape<Bounds, long> Between = new((db, args) =>
        Ids(db.Users.AsNoTracking().Where(u => u.Id >= args.From)).Where(id => id <= args.To).OrderBy(id => id));

    private static readonly QueryShape<Bounds, long> FixedUpperBound = new((db, args) =>
    {
        var to = args.From + 1;
        return db.Users.AsNoTracking().Where(u => u.Id >= args.From && u.Id <= to).Select(u => u.Id);
    });

    [Fact]
    public async Task Each_call_is_answered_with_its_own_arguments()
    {
        var users = new[] { await api.NewUserAsync(), await api.NewUserAsync(), await api.NewUserAsync() }.Select(u => u.Id).Order().ToArray();
        await using var db = await api.Factory.Services.GetDb().OpenDbContextAsync(default);

        foreach (var (from, to) in new[] { (users[0], users[2]), (users[1], users[1]), (users[2], users[0]), (users[0], users[1]) })
        {
            var expected = await db.Users.Where(u => u.Id >= from && u.Id <= to).OrderBy(u => u.Id).Select(u => u.Id).ToListAsync();
            Assert.Equal(expected, await Between.ToListAsync(db, new Bounds { From = from, To = to }, default));
        }
    }

    [Fact]
    public async Task A_shape_fixing_a_value_computed_from_its_arguments_is_refused()
    {
        await using var db = await api.Factory.Services.GetDb().OpenDbContextAsync(default);

        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => FixedUpperBound.ToListAsync(db, new Bounds { From = 1 }, default));
        Assert.Contains(nameof(Bounds), refused.Message);
    }

    /// <summary>A query built by a helper and captured by the shape's lambda is part of the compiled query.</summary>
    private static IQueryable<long> Ids(IQueryable<Crm.Web.Data.User> users)
    {
        var ids = users.Select(u => u.Id);
        return users.Where(u => ids.Contains(u.Id)).Select(u => u.Id);
    }

    private sealed class Bounds
    {
        public long From { get; init; }
        public long To { get; init; }
    }
}
