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

        if (!await db.Users.AnyAsync(u => u.Id == ownerId && u.IsActive, ct))
        {
            errors.Add("sales_owner_id", Messages.OwnerInvalid);
            return fallback;
        }

        return ownerId;
    }
}
