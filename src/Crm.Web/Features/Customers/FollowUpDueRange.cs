using System.Linq.Expressions;
using Crm.Web.Data;

namespace Crm.Web.Features.Customers;

/// <summary>
/// The one definition of 今日待跟进 and 已逾期, used by the customer list's <c>follow_up_due</c> filter and by the
/// 工作台 (decision 0056): the customer's 下次跟进时间 (<c>customers.next_follow_up_at</c>, the plan of its latest
/// follow-up record, decision 0052) falls in today's business-zone day, or before it. A later call replaces the plan,
/// so a customer followed up after its due time is no longer due; the two are disjoint.
/// </summary>
public static class FollowUpDueRange
{
    /// <remarks>The bounds are read inside the lambdas, so a compiled query takes them as its parameters (decision 0081).</remarks>
    public static Expression<Func<Customer, bool>> Of(FollowUpDue due, TodayBounds today) => due == FollowUpDue.Today
        ? c => c.NextFollowUpAt >= today.TodayStart && c.NextFollowUpAt < today.TomorrowStart
        : c => c.NextFollowUpAt < today.TodayStart;
}

/// <summary>Today in the business zone, as the UTC instants it starts and ends at; a query shape's arguments derive from it.</summary>
public class TodayBounds
{
    public DateTime TodayStart { get; init; }
    public DateTime TomorrowStart { get; init; }
}
