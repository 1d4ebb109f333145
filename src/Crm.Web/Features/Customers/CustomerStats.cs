using Crm.Domain.Common;
using Crm.Domain.Customers;
using Crm.Domain.Users;
using Crm.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace Crm.Web.Features.Customers;

public sealed record CustomerStatsDto(
    long TotalCustomers,
    long PotentialCount,
    long ProspectCount,
    long CustomerCount,
    long LostCount,
    long LevelACount,
    long LevelBCount,
    long LevelCCount,
    long LevelDCount,
    decimal TotalAnnualRevenue,
    decimal AvgCooperationYears);

/// <summary>Figures of the caller's book of business (SPEC §4), computed in one aggregate query.</summary>
public sealed class CustomerStats(IDbContextFactory<CrmDbContext> dbFactory)
{
    public async Task<CustomerStatsDto> HandleAsync(Actor actor, long? salesOwnerId, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var customers = db.Customers.AsNoTracking().VisibleTo(actor);
        if (salesOwnerId is { } ownerId)
        {
            customers = customers.Where(c => c.SalesOwnerId == ownerId);
        }

        var figures = await customers
            .GroupBy(_ => 1)
            .Select(g => new
            {
                Total = g.LongCount(),
                Potential = g.LongCount(c => c.Status == CustomerStatus.Potential),
                Prospect = g.LongCount(c => c.Status == CustomerStatus.Prospect),
                Customer = g.LongCount(c => c.Status == CustomerStatus.Customer),
                Lost = g.LongCount(c => c.Status == CustomerStatus.Lost),
                A = g.LongCount(c => c.CustomerLevel == CustomerLevel.A),
                B = g.LongCount(c => c.CustomerLevel == CustomerLevel.B),
                C = g.LongCount(c => c.CustomerLevel == CustomerLevel.C),
                D = g.LongCount(c => c.CustomerLevel == CustomerLevel.D),
                RevenueFen = g.Sum(c => c.AnnualRevenueFen ?? 0),
                YearsSum = g.Sum(c => (long)(c.CooperationYears ?? 0)),
                YearsCount = g.LongCount(c => c.CooperationYears != null),
            })
            .FirstOrDefaultAsync(ct);

        if (figures is null)
        {
            return new CustomerStatsDto(0, 0, 0, 0, 0, 0, 0, 0, 0, 0m, 0m);
        }

        var average = figures.YearsCount == 0
            ? 0m
            : decimal.Round((decimal)figures.YearsSum / figures.YearsCount, 2, MidpointRounding.AwayFromZero);

        return new CustomerStatsDto(
            figures.Total,
            figures.Potential,
            figures.Prospect,
            figures.Customer,
            figures.Lost,
            figures.A,
            figures.B,
            figures.C,
            figures.D,
            Money.FromFen(figures.RevenueFen),
            average);
    }
}
