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

/// <summary>
/// Figures of the caller's book of business (SPEC §4), summed from the trigger-kept counters (decision 0016): a few
/// rows per owner, however many customers there are.
/// </summary>
public sealed class CustomerStats(IDbContextFactory<CrmDbContext> dbFactory)
{
    private static readonly string PotentialKey = EnumText<CustomerStatus>.Name(CustomerStatus.Potential);
    private static readonly string ProspectKey = EnumText<CustomerStatus>.Name(CustomerStatus.Prospect);
    private static readonly string CustomerKey = EnumText<CustomerStatus>.Name(CustomerStatus.Customer);
    private static readonly string LostKey = EnumText<CustomerStatus>.Name(CustomerStatus.Lost);

    /// <summary>
    /// Compiled once (decision 0065): the twelve sums are a large expression, and EF's per-call work on it (parameter
    /// extraction, the query-cache key) cost more than the counters' SQL. <c>visibleOwner</c> is null for an admin.
    /// </summary>
    private static readonly Func<CrmDbContext, long?, long?, CancellationToken, Task<Sums?>> Figures =
        EF.CompileAsyncQuery((CrmDbContext db, long? visibleOwner, long? ownerId, CancellationToken ct) =>
            db.CustomerCounters.AsNoTracking()
                .Where(c => (visibleOwner == null || c.SalesOwnerId == visibleOwner) && (ownerId == null || c.SalesOwnerId == ownerId))
                .GroupBy(_ => 1)
                .Select(g => new Sums(
                    g.Sum(c => c.Customers),
                    g.Sum(c => c.StatusKey == PotentialKey ? c.Customers : 0),
                    g.Sum(c => c.StatusKey == ProspectKey ? c.Customers : 0),
                    g.Sum(c => c.StatusKey == CustomerKey ? c.Customers : 0),
                    g.Sum(c => c.StatusKey == LostKey ? c.Customers : 0),
                    g.Sum(c => c.CustomerLevel == CustomerLevel.A ? c.Customers : 0),
                    g.Sum(c => c.CustomerLevel == CustomerLevel.B ? c.Customers : 0),
                    g.Sum(c => c.CustomerLevel == CustomerLevel.C ? c.Customers : 0),
                    g.Sum(c => c.CustomerLevel == CustomerLevel.D ? c.Customers : 0),
                    g.Sum(c => c.AnnualRevenueFen),
                    g.Sum(c => c.CooperationYearsSum),
                    g.Sum(c => c.CooperationYearsCount)))
                .FirstOrDefault());

    private sealed record Sums(long Total, long Potential, long Prospect, long Customer, long Lost, long A, long B, long C, long D, long RevenueFen, long YearsSum, long YearsCount);

    public async Task<CustomerStatsDto> HandleAsync(Actor actor, long? salesOwnerId, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var figures = await Figures(db, Permissions.SeesEverything(actor) ? null : actor.UserId, salesOwnerId, ct);
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
