using System.Globalization;
using System.Linq.Expressions;
using Crm.Domain.Common;
using Crm.Domain.Users;
using Crm.Web.Data;
using Crm.Web.Features.Customers;
using Microsoft.EntityFrameworkCore;

namespace Crm.Web.Features.Stats;

public sealed record MonthCountDto(string Month, long NewCustomers);

/// <summary>
/// New customers per calendar month of the business time zone, for the last 12 months up to the current one
/// (oldest first, every month present). Scoped like the other figures; admins may narrow it to one salesperson.
/// The month boundaries are computed here in the business zone and the database counts per bucket with one
/// grouped CASE query, so it runs the same on SQLite and PostgreSQL and uses the created_at index.
/// </summary>
public sealed class NewCustomersByMonth(IDbContextFactory<CrmDbContext> dbFactory, TimeProvider clock, BusinessTime time)
{
    public const int Months = 12;

    public async Task<IReadOnlyList<MonthCountDto>> HandleAsync(Actor actor, long? salesOwnerId, CancellationToken ct)
    {
        var today = time.Today(clock.GetUtcNow());
        var firstMonth = new DateOnly(today.Year, today.Month, 1).AddMonths(-(Months - 1));
        var starts = Enumerable.Range(0, Months + 1)
            .Select(i => TimeZoneInfo.ConvertTimeToUtc(firstMonth.AddMonths(i).ToDateTime(TimeOnly.MinValue), time.Zone))
            .ToArray();

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var customers = db.Customers.AsNoTracking().VisibleTo(actor)
            .Where(c => c.CreatedAt >= starts[0] && c.CreatedAt < starts[Months]);
        if (salesOwnerId is { } ownerId)
        {
            customers = customers.Where(c => c.SalesOwnerId == ownerId);
        }

        var counts = await customers
            .GroupBy(MonthIndex(starts))
            .Select(g => new { Index = g.Key, Count = g.LongCount() })
            .ToListAsync(ct);

        return Enumerable.Range(0, Months)
            .Select(i => new MonthCountDto(
                firstMonth.AddMonths(i).ToString("yyyy-MM", CultureInfo.InvariantCulture),
                counts.FirstOrDefault(c => c.Index == i)?.Count ?? 0))
            .ToList();
    }

    /// <summary>c => c.CreatedAt &lt; starts[1] ? 0 : c.CreatedAt &lt; starts[2] ? 1 : … : 11 (a CASE expression in SQL).</summary>
    private static Expression<Func<Customer, int>> MonthIndex(DateTime[] starts)
    {
        var customer = Expression.Parameter(typeof(Customer), "c");
        var createdAt = Expression.Property(customer, nameof(Customer.CreatedAt));
        Expression body = Expression.Constant(Months - 1);
        for (var i = Months - 2; i >= 0; i--)
        {
            body = Expression.Condition(
                Expression.LessThan(createdAt, Expression.Constant(starts[i + 1])),
                Expression.Constant(i),
                body);
        }

        return Expression.Lambda<Func<Customer, int>>(body, customer);
    }
}
