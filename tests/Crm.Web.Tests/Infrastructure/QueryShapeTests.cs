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

    [Fact]
    public async Task A_shape_with_a_reader_reads_each_calls_rows_by_hand_as_EF_reads_them()
    {
        var users = new[] { await api.NewUserAsync(), await api.NewUserAsync("admin"), await api.NewUserAsync() }.Select(u => u.Id).Order().ToArray();
        var read = 0;
        var byHand = new QueryShape<Pick, UserRow>(
            (db, args) => Picked(db, args),
            new RowReader<UserRow>(
                [nameof(UserRow.Id), nameof(UserRow.Name), nameof(UserRow.Role), nameof(UserRow.CreatedAt), nameof(UserRow.LockedUntil)],
                r =>
                {
                    read++;
                    return new UserRow { Id = r.GetInt64(0), Name = r.GetString(1), Role = DbValues.Choice<UserRole>(r, 2), CreatedAt = DbValues.Utc(r, 3), LockedUntil = DbValues.UtcOrNull(r, 4) };
                }));
        await using var db = await api.Factory.Services.GetDb().OpenDbContextAsync(default);

        foreach (var (from, role, since) in new[] { (users[0], UserRole.Sales, DateTime.UnixEpoch), (users[0], UserRole.Admin, DateTime.UnixEpoch), (users[1], UserRole.Sales, DateTime.UtcNow.AddDays(1)) })
        {
            var args = new Pick { From = from, Role = role, CreatedSince = since };
            var expected = await Picked(db, args).ToListAsync();
            var rows = await byHand.ToListAsync(db, args, default);
            Assert.Equal(expected, rows);
            Assert.All(rows, r => Assert.Equal(DateTimeKind.Utc, r.CreatedAt.Kind));
        }

        Assert.True(read > 0, "the reader read no row: EF ran the shape");
    }

    [Fact]
    public async Task A_reader_whose_columns_are_not_the_statements_is_refused()
    {
        await api.NewUserAsync();
        var swapped = new QueryShape<Pick, UserRow>(
            Picked,
            new RowReader<UserRow>(
                [nameof(UserRow.Name), nameof(UserRow.Id), nameof(UserRow.Role), nameof(UserRow.CreatedAt), nameof(UserRow.LockedUntil)],
                r => new UserRow { Id = r.GetInt64(1), Name = r.GetString(0) }));
        await using var db = await api.Factory.Services.GetDb().OpenDbContextAsync(default);

        var refused = await Assert.ThrowsAsync<InvalidOperationException>(
            () => swapped.ToListAsync(db, new Pick { Role = UserRole.Sales, CreatedSince = DateTime.UnixEpoch }, default));
        Assert.Contains("Name, Id, Role", refused.Message);
    }

    [Fact]
    public async Task A_list_or_a_null_argument_leaves_the_rows_to_EF()
    {
        var users = new[] { await api.NewUserAsync(), await api.NewUserAsync() }.Select(u => u.Id).ToArray();
        var read = 0;
        RowReader<long> counting = new(["Id"], r =>
        {
            read++;
            return r.GetInt64(0);
        });
        var listed = new QueryShape<Choice, long>((db, args) => db.Users.AsNoTracking().Where(u => args.Ids.Contains(u.Id)).OrderBy(u => u.Id).Select(u => u.Id), counting);
        var named = new QueryShape<Named, long>((db, args) => db.Users.AsNoTracking().Where(u => u.DisplayName == args.Name).OrderBy(u => u.Id).Select(u => u.Id), counting);
        await using var db = await api.Factory.Services.GetDb().OpenDbContextAsync(default);

        Assert.Equal(users.Order(), await listed.ToListAsync(db, new Choice { Ids = users }, default));
        var display = await db.Users.Where(u => u.Id == users[0]).Select(u => u.DisplayName).SingleAsync();
        Assert.Equal([users[0]], await named.ToListAsync(db, new Named { Name = display }, default));
        Assert.Empty(await named.ToListAsync(db, new Named { Name = null }, default));
        Assert.Equal(0, read);
    }

    private static IQueryable<UserRow> Picked(CrmDbContext db, Pick args) =>
        db.Users.AsNoTracking()
            .Where(u => u.Id >= args.From && u.Role == args.Role && u.CreatedAt >= args.CreatedSince)
            .OrderBy(u => u.Id)
            .Select(u => new UserRow { Id = u.Id, Name = u.DisplayName, Role = u.Role, CreatedAt = u.CreatedAt, LockedUntil = u.LockoutEndUtc });

    private sealed record UserRow
    {
        public long Id { get; init; }
        public string Name { get; init; } = "";
        public UserRole Role { get; init; }
        public DateTime CreatedAt { get; init; }
        public DateTime? LockedUntil { get; init; }
    }

    private sealed class Pick
    {
        public long From { get; init; }
        public UserRole Role { get; init; }
        public DateTime CreatedSince { get; init; }
    }

    private sealed class Named
    {
        public string? Name { get; init; }
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
