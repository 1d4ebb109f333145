using Crm.Domain.Users;
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
    public async Task Shapes_told_apart_by_a_key_answer_each_key_in_its_form_also_past_their_capacity()
    {
        var users = new[] { await api.NewUserAsync(), await api.NewUserAsync(), await api.NewUserAsync() }.Select(u => u.Id).Order().ToArray();
        var inOrder = new QueryShapes<bool, Bounds, long>(
            (db, descending, args) =>
            {
                var between = db.Users.AsNoTracking().Where(u => u.Id >= args.From && u.Id <= args.To).Select(u => u.Id);
                return descending ? between.OrderByDescending(id => id) : between.OrderBy(id => id);
            },
            capacity: 1);
        await using var db = await api.Factory.Services.GetDb().OpenDbContextAsync(default);

        foreach (var descending in new[] { false, true, false, true })
        {
            foreach (var (from, to) in new[] { (users[0], users[2]), (users[1], users[2]) })
            {
                var expected = users.Where(id => id >= from && id <= to).ToList();
                if (descending)
                {
                    expected.Reverse();
                }

                Assert.Equal(expected, await inOrder.ToListAsync(db, descending, new Bounds { From = from, To = to }, default));
            }
        }

        Assert.Equal(1, inOrder.Compiled);
    }

    [Fact]
    public async Task Choices_and_lists_are_arguments_too()
    {
        var users = new[] { await api.NewUserAsync(), await api.NewUserAsync("admin"), await api.NewUserAsync() }.Select(u => u.Id).ToArray();
        await using var db = await api.Factory.Services.GetDb().OpenDbContextAsync(default);

        foreach (var (ids, role, expected) in new (long[], UserRole, long[])[]
        {
            ([users[0], users[2]], UserRole.Sales, [users[0], users[2]]),
            ([users[1]], UserRole.Sales, []),
            ([users[1], users[2]], UserRole.Admin, [users[1]]),
        })
        {
            Assert.Equal(expected, await Chosen.ToListAsync(db, new Choice { Ids = ids, Role = role }, default));
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

    private static readonly QueryShape<Choice, long> Chosen = new((db, args) =>
        db.Users.AsNoTracking().Where(u => args.Ids.Contains(u.Id) && u.Role == args.Role).OrderBy(u => u.Id).Select(u => u.Id));

    private sealed class Choice
    {
        public long[] Ids { get; init; } = [];
        public UserRole Role { get; init; }
    }

    private sealed class Bounds
    {
        public long From { get; init; }
        public long To { get; init; }
    }
}
