using Crm.Domain.Common;
using Crm.Domain.Resources;
using Crm.Domain.Users;
using Crm.Web.Data;
using Crm.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Crm.Web.Features.Customers;

internal static class CustomerOwners
{
    /// <summary>
    /// The owner of a new customer (SPEC §4.1): a salesperson may only name themselves (403 otherwise); an admin must
    /// name an existing active user. Unset means the actor.
    /// </summary>
    public static async Task<long> ForCreateAsync(CrmDbContext db, Actor actor, Optional<long?> requested, ValidationErrors errors, CancellationToken ct)
    {
        if (!requested.IsSet || requested.Value is not { } ownerId || ownerId == actor.UserId)
        {
            return actor.UserId;
        }

        if (!Permissions.MayCreateFor(actor, ownerId))
        {
            throw new ForbiddenException(Messages.OwnerMustBeSelf);
        }

        await CheckActiveAsync(db, ownerId, errors, ct);
        return ownerId;
    }

    /// <summary>
    /// The owner an update names, or null when it names none or the current one. An explicit null is a missing
    /// required field. What the change then does is <see cref="Permissions.OwnerChangeOf"/>'s decision.
    /// </summary>
    public static long? RequestedChange(Optional<long?> requested, long currentOwnerId, ValidationErrors errors)
    {
        if (!requested.IsSet)
        {
            return null;
        }

        if (requested.Value is not { } ownerId)
        {
            errors.Add("sales_owner_id", Messages.Format("FieldRequired", Messages.Get("Label_SalesOwner")));
            return null;
        }

        return ownerId == currentOwnerId ? null : ownerId;
    }

    /// <summary>An admin must name an existing active user (400 otherwise).</summary>
    public static async Task CheckActiveAsync(CrmDbContext db, long ownerId, ValidationErrors errors, CancellationToken ct)
    {
        if (!await db.Users.AnyAsync(u => u.Id == ownerId && u.IsActive, ct))
        {
            errors.Add("sales_owner_id", Messages.OwnerInvalid);
        }
    }
}
