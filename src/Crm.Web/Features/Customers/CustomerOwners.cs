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

    /// <summary>
    /// The owner a row of an import names (decision 0043): unset keeps the current owner (the importer on create); a
    /// salesperson may name only themselves; an admin an active user. The caller already knows whether that user is
    /// active (an import resolves user names in one query). An admin's import applies an owner change at once, as a PUT does.
    /// </summary>
    public static long Resolve(Actor actor, Optional<long?> requested, long? currentOwnerId, bool requestedIsActive, ValidationErrors errors)
    {
        var fallback = currentOwnerId ?? actor.UserId;
        if (!requested.IsSet)
        {
            return fallback;
        }

        if (requested.Value is not { } ownerId)
        {
            if (currentOwnerId is null)
            {
                return fallback;
            }

            errors.Add("sales_owner_id", Messages.Format("FieldRequired", Messages.Get("Label_SalesOwner")));
            return fallback;
        }

        if (ownerId == fallback)
        {
            return ownerId;
        }

        if (!actor.IsAdmin)
        {
            throw new ForbiddenException(Messages.OwnerMustBeSelf);
        }

        if (!requestedIsActive)
        {
            errors.Add("sales_owner_id", Messages.OwnerInvalid);
            return fallback;
        }

        return ownerId;
    }
}
