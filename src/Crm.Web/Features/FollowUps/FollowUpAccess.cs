using Crm.Domain.Common;
using Crm.Domain.Resources;
using Crm.Domain.Users;
using Crm.Web.Data;
using Crm.Web.Features.Customers;
using Microsoft.EntityFrameworkCore;

namespace Crm.Web.Features.FollowUps;

/// <summary>Shared by edit and delete: who may change a record (SPEC §4.1).</summary>
internal static class FollowUpAccess
{
    /// <summary>
    /// The record, tracked, inside the caller's transaction, with its customer row locked. Out of scope is
    /// 404; a salesperson who is not the author gets 403; admins may change any record.
    /// </summary>
    public static async Task<FollowUp> ForChangeAsync(CrmDbContext db, Actor actor, long id, CancellationToken ct)
    {
        var target = await db.FollowUps.VisibleTo(actor)
            .Where(f => f.Id == id)
            .Select(f => new { f.CustomerId, f.CreatedById })
            .FirstOrDefaultAsync(ct)
            ?? throw new NotFoundException(Messages.FollowUpNotFound);
        if (!Permissions.MayChangeFollowUp(actor, target.CreatedById))
        {
            throw new ForbiddenException(Messages.NotFollowUpAuthor);
        }

        if (target.CustomerId is { } customerId)
        {
            await db.LockCustomerAsync(customerId, ct);
        }

        // Loaded after the lock, so a change committed while we waited is not overwritten with stale values.
        return await db.FollowUps.FirstOrDefaultAsync(f => f.Id == id, ct)
            ?? throw new NotFoundException(Messages.FollowUpNotFound);
    }
}
