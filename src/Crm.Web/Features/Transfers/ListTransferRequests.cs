using Crm.Domain.Common;
using Crm.Domain.Resources;
using Crm.Domain.Transfers;
using Crm.Domain.Users;
using Crm.Web.Data;
using Crm.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Crm.Web.Features.Transfers;

/// <summary>A page of transfer requests, optionally of one status; newest first.</summary>
public sealed record TransferQuery(TransferStatus? Status, int Page = 1, int PageSize = 20)
{
    public const int MaxPageSize = 100;

    /// <summary>Strict: an unknown status or a page outside its range is a 400 (SPEC §4.1).</summary>
    public static TransferQuery Parse(IQueryCollection query)
    {
        var errors = new ValidationErrors();
        var statuses = QueryValues.Enums<TransferStatus>(query, "status", errors);
        if (statuses.Count > 1)
        {
            errors.Add("status", Messages.Format("ParameterInvalid", "status"));
        }

        var result = new TransferQuery(
            statuses.Count == 1 ? statuses[0] : null,
            QueryValues.Int(query, "page", 1, int.MaxValue, () => Messages.PageInvalid, errors) ?? 1,
            QueryValues.Int(query, "page_size", 1, MaxPageSize, () => Messages.PageSizeInvalid, errors) ?? 20);
        errors.ThrowIfAny();
        return result;
    }
}

/// <summary>
/// GET /transfer-requests: admins see all requests (the 待审批 queue is status=pending); a salesperson sees the requests
/// they made and those about customers they own.
/// </summary>
public sealed class ListTransferRequests(IDbContextFactory<CrmDbContext> dbFactory, BusinessTime time, CountCap countCap)
{
    public async Task<Paged<TransferRequestDto>> HandleAsync(Actor actor, TransferQuery query, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var requests = db.TransferRequests.AsNoTracking().VisibleTo(actor);
        if (query.Status is { } status)
        {
            requests = requests.Where(t => t.Status == status);
        }

        var rows = await requests
            .OrderByDescending(t => t.RequestedAt).ThenByDescending(t => t.Id)
            .Page(query.Page, query.PageSize)
            .Select(TransferRequestRow.Projection(db.Users))
            .ToListAsync(ct);
        return await countCap.PageAsync(requests, query.Page, query.PageSize, rows.Select(r => r.ToDto(time)).ToList(), ct);
    }

    /// <summary>How many requests wait for a decision: the badge on the admin's 待审批 menu entry (0 for sales).</summary>
    public async Task<int> PendingCountAsync(Actor actor, CancellationToken ct)
    {
        if (!Permissions.MayDecideTransfer(actor))
        {
            return 0;
        }

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.TransferRequests.CountAsync(t => t.Status == TransferStatus.Pending, ct);
    }
}
