using Crm.Domain.Common;
using Crm.Domain.Resources;
using Crm.Domain.Transfers;
using Crm.Domain.Users;
using Crm.Web.Data;
using Crm.Web.Data.Audit;
using Microsoft.EntityFrameworkCore;

namespace Crm.Web.Features.Transfers;

/// <summary>The requester withdraws a request while it is pending; anyone else who can see it gets 403.</summary>
public sealed class CancelTransfer(IDbContextFactory<CrmDbContext> dbFactory, TimeProvider clock, BusinessTime time)
{
    public async Task<TransferRequestDto> HandleAsync(Actor actor, long id, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = await dbFactory.CreateDbContextAsync(actor, ct);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var request = await db.TransferRequests.VisibleTo(actor)
            .Where(t => t.Id == id)
            .Select(t => new { t.RequestedById, t.CustomerId, t.FromUserId, t.ToUserId })
            .FirstOrDefaultAsync(ct)
            ?? throw new NotFoundException(Messages.TransferNotFound);
        if (!Permissions.MayCancelTransfer(actor, request.RequestedById))
        {
            throw new ForbiddenException(Messages.TransferOnlyRequesterCancels);
        }

        var cancelled = await db.TransferRequests
            .Where(t => t.Id == id && t.Status == TransferStatus.Pending)
            .ExecuteUpdateAsync(
                s => s.SetProperty(t => t.Status, TransferStatus.Cancelled)
                      .SetProperty(t => t.DecidedById, (long?)actor.UserId)
                      .SetProperty(t => t.DecidedAt, (DateTime?)now),
                ct);
        if (cancelled == 0)
        {
            throw new ConflictException(Messages.TransferNotPending);
        }

        if (request.CustomerId is { } customerId)
        {
            await TransferAudit.RecordAsync(db, AuditActions.TransferCancelled, customerId, request.FromUserId, request.ToUserId, ct, id);
            await db.SaveChangesAsync(ct);
        }

        await transaction.CommitAsync(ct);

        return await TransferRequests.ReadDtoAsync(db, id, time, ct);
    }
}
