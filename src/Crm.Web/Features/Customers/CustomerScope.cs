using Crm.Domain.Common;
using Crm.Domain.Resources;
using Crm.Domain.Users;
using Crm.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace Crm.Web.Features.Customers;

internal static class CustomerScope
{
    /// <summary>
    /// Guards every request on a customer's contacts, tags or follow-ups: a customer that is missing or
    /// belongs to another salesperson is a 404, so its existence is not revealed (SPEC §3.6).
    /// </summary>
    public static async Task EnsureVisibleAsync(this CrmDbContext db, Actor actor, long customerId, CancellationToken ct)
    {
        if (!await db.Customers.VisibleTo(actor).AnyAsync(c => c.Id == customerId, ct))
        {
            throw new NotFoundException(Messages.CustomerNotFound);
        }
    }
}
