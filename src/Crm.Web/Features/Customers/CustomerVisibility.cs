using Crm.Domain.Common;
using Crm.Domain.Resources;
using Crm.Domain.Users;
using Crm.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace Crm.Web.Features.Customers;

/// <summary>
/// The visibility rule (SPEC §3.6), in one place: a salesperson sees the customers they own and everything that
/// hangs off them (contacts, tags, follow-ups, counters); an admin sees everything. A customer outside the caller's
/// scope is answered like a missing one, so its existence is not revealed.
/// </summary>
internal static class CustomerVisibility
{
    /// <summary>Sales see only their own customers (SPEC §3.6); admins see all.</summary>
    public static IQueryable<Customer> VisibleTo(this IQueryable<Customer> customers, Actor actor) =>
        Permissions.SeesEverything(actor) ? customers : customers.Where(c => c.SalesOwnerId == actor.UserId);

    /// <summary>The counter rows of the customers the actor may see (SPEC §3.6): all for an admin, else the actor's own.</summary>
    public static IQueryable<CustomerCounter> VisibleTo(this IQueryable<CustomerCounter> counters, Actor actor) =>
        Permissions.SeesEverything(actor) ? counters : counters.Where(c => c.SalesOwnerId == actor.UserId);

    /// <summary>A salesperson sees the contacts of the customers they own; admins see all (SPEC §3.6).</summary>
    public static IQueryable<Contact> VisibleTo(this IQueryable<Contact> contacts, Actor actor) =>
        Permissions.SeesEverything(actor) ? contacts : contacts.Where(c => c.Customer!.SalesOwnerId == actor.UserId);

    /// <summary>
    /// A salesperson sees the follow-ups of the customers they own (SPEC §3.6); admins see all, including
    /// the records of deleted customers.
    /// </summary>
    public static IQueryable<FollowUp> VisibleTo(this IQueryable<FollowUp> followUps, Actor actor) =>
        Permissions.SeesEverything(actor) ? followUps : followUps.Where(f => f.Customer!.SalesOwnerId == actor.UserId);

    /// <summary>
    /// Guards every request on a customer's contacts, tags or follow-ups: a customer that is missing or
    /// belongs to another salesperson is a 404, so its existence is not revealed (SPEC §3.6).
    /// </summary>
    public static async Task EnsureVisibleAsync(this CrmDbContext db, Actor actor, long customerId, CancellationToken ct)
    {
        if (!await IsVisible(db, customerId, Permissions.SeesEverything(actor) ? null : actor.UserId, ct))
        {
            throw new NotFoundException(Messages.CustomerNotFound);
        }
    }

    /// <summary>Compiled once: every request on a customer's contacts, tags or follow-ups asks it first (decision 0065).</summary>
    private static readonly Func<CrmDbContext, long, long?, CancellationToken, Task<bool>> IsVisible =
        EF.CompileAsyncQuery((CrmDbContext db, long customerId, long? visibleOwner, CancellationToken ct) =>
            db.Customers.Any(c => c.Id == customerId && (visibleOwner == null || c.SalesOwnerId == visibleOwner)));
}
