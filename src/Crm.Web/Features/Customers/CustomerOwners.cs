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
    /// SPEC §4.1: a salesperson may only name themselves (anything else is 403 until transfers exist);
    /// an admin must name an existing active user. Unset keeps the current owner, or the actor on create.
    /// </summary>
    public static async Task<long> ResolveAsync(CrmDbContext db, Actor actor, Optional<long?> requested, long? currentOwnerId, ValidationErrors errors, CancellationToken ct)
    {
        var active = requested.Value is { } ownerId && ownerId != (currentOwnerId ?? actor.UserId) && actor.IsAdmin && await db.Users.AnyAsync(u => u.Id == ownerId && u.IsActive, ct);
        return Resolve(actor, requested, currentOwnerId, active, errors);
    }

    /// <summary>The same rule when the caller already knows whether the requested owner is an active user (an import resolves user names in one query).</summary>
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
