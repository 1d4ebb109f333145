using Crm.Domain.Common;
using Crm.Domain.Resources;
using Crm.Domain.Tags;
using Crm.Domain.Users;
using Crm.Web.Data;
using Crm.Web.Features.Customers;
using Microsoft.EntityFrameworkCore;

namespace Crm.Web.Features.Tags;

/// <summary>
/// Takes a tag off a customer, by tag id or by name (SPEC §3.4). A name the customer does not have, or the
/// id of another customer's tag, is a 404 (SPEC §4.1).
/// </summary>
public sealed class RemoveCustomerTag(IDbContextFactory<CrmDbContext> dbFactory)
{
    public async Task ByIdAsync(Actor actor, long customerId, long tagId, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(actor, ct);
        await db.EnsureVisibleAsync(actor, customerId, ct);
        await DeleteAsync(db, db.CustomerTags.Where(t => t.CustomerId == customerId && t.Id == tagId), ct);
    }

    public async Task ByNameAsync(Actor actor, long customerId, string? tagName, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(actor, ct);
        await db.EnsureVisibleAsync(actor, customerId, ct);
        var errors = new ValidationErrors();
        var name = TagRules.Name(tagName, "tag_name", errors);
        errors.ThrowIfAny();
        await DeleteAsync(db, db.CustomerTags.Where(t => t.CustomerId == customerId && t.TagName == name), ct);
    }

    private static async Task DeleteAsync(CrmDbContext db, IQueryable<CustomerTag> tag, CancellationToken ct)
    {
        var found = await tag.FirstOrDefaultAsync(ct) ?? throw new NotFoundException(Messages.TagNotFound);
        db.CustomerTags.Remove(found);
        await db.SaveChangesAsync(ct);
    }
}
