using Crm.Domain.Users;
using Crm.Web.Data;

namespace Crm.Web.Features.Customers;

/// <summary>
/// Exact customer counts read from customer_counters (decision 0016): a few rows per owner instead of a scan of
/// the customers, for any question that is only about owner, status and grade.
/// </summary>
internal static class CustomerCounts
{
    /// <summary>The counter rows of the customers the actor may see (SPEC §3.6): all for an admin, else the actor's own.</summary>
    public static IQueryable<CustomerCounter> VisibleTo(this IQueryable<CustomerCounter> counters, Actor actor) =>
        actor.IsAdmin ? counters : counters.Where(c => c.SalesOwnerId == actor.UserId);
}
