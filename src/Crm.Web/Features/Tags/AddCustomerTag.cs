using Crm.Domain.Common;
using Crm.Domain.Resources;
using Crm.Domain.Tags;
using Crm.Domain.Users;
using Crm.Web.Data;
using Crm.Web.Features.Customers;
using Crm.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Crm.Web.Features.Tags;

/// <summary>
/// Puts one tag on a customer; a tag the customer already has is a 400 (SPEC §3.4). The customer record
/// itself (version, updated_at) does not change.
/// </summary>
public sealed class AddCustomerTag(IDbContextFactory<CrmDbContext> dbFactory, TimeProvider clock, BusinessTime time)
{
    public async Task<CustomerTagDto> HandleAsync(Actor actor, long customerId, string? tagName, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(actor, ct);
        await db.EnsureVisibleAsync(actor, customerId, ct);

        var errors = new ValidationErrors();
        var name = TagRules.Name(tagName, "tag_name", errors);
        errors.ThrowIfAny();

        if (await db.CustomerTags.AnyAsync(t => t.CustomerId == customerId && t.TagName == name, ct))
        {
            throw ValidationErrors.Failure("tag_name", Messages.TagExists);
        }

        var tag = new CustomerTag { CustomerId = customerId, TagName = name, CreatedAt = clock.GetUtcNow().UtcDateTime };
        db.CustomerTags.Add(tag);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException ex) when (TagAssignments.IsRace(ex))
        {
            throw ValidationErrors.Failure("tag_name", Messages.TagExists);
        }
        catch (DbUpdateException ex) when (DbErrors.IsForeignKeyViolation(ex))
        {
            throw new NotFoundException(Messages.CustomerNotFound);
        }

        return CustomerTagDto.From(tag, time);
    }
}
