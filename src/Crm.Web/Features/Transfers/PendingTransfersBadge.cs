using Crm.Domain.Users;
using Crm.Web.Infrastructure;

namespace Crm.Web.Features.Transfers;

/// <summary>The count on the admin's 转移审批 menu entry: requests waiting for a decision (none shown to sales).</summary>
public sealed class PendingTransfersBadge(ListTransferRequests list) : IMenuBadge
{
    public string MenuKey => "transfers";

    public Task<int> CountAsync(Actor actor, CancellationToken ct) => list.PendingCountAsync(actor, ct);
}
