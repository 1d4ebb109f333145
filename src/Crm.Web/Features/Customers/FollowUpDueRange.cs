using System.Linq.Expressions;
using Crm.Domain.Common;
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
    public static Expression<Func<Customer, bool>> Of(FollowUpDue due, BusinessTime time, DateTime nowUtc)
    {
        var (todayStart, tomorrowStart) = time.DayBoundsUtc(nowUtc);
        return due == FollowUpDue.Today
            ? c => c.NextFollowUpAt >= todayStart && c.NextFollowUpAt < tomorrowStart
            : c => c.NextFollowUpAt < todayStart;
    }
}
