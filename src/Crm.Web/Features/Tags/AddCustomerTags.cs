using Crm.Domain.Common;
using Crm.Domain.Resources;
using Crm.Domain.Users;
using Crm.Web.Data;
using Crm.Web.Features.Customers;
using Crm.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Crm.Web.Features.Tags;

/// <summary>
/// Batch add (SPEC §3.4, §4.1): any invalid name refuses the whole batch; names the customer already has
/// are skipped; repeated names collapse. Returns only the tags created, in the order they were sent.
/// </summary>
public sealed class AddCustomerTags(IDbContextFactory<CrmDbContext> dbFactory, TimeProvider clock, BusinessTime time)
{
    public async Task<IReadOnlyList<CustomerTagDto>> HandleAsync(Actor actor, long customerId, IReadOnlyList<string>? tagNames, CancellationToken ct)
    {
        try
        {
            return await DbRetry.WhenRaceLostAsync(() => TryOnceAsync(actor, customerId, tagNames, ct), TagAssignments.IsRace);
        }
        catch (DbUpdateException ex) when (DbErrors.IsForeignKeyViolation(ex))
        {
            throw new NotFoundException(Messages.CustomerNotFound);
        }
    }

    private async Task<IReadOnlyList<CustomerTagDto>> TryOnceAsync(Actor actor, long customerId, IReadOnlyList<string>? tagNames, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(actor, ct);
        await db.EnsureVisibleAsync(actor, customerId, ct);

        var errors = new ValidationErrors();
        var names = TagNames.Many(tagNames, "tag_names", errors);
        errors.ThrowIfAny();

        var created = await TagAssignments.AddMissingAsync(db, [customerId], names, clock.GetUtcNow().UtcDateTime, ct);
        return created.Select(t => CustomerTagDto.From(t, time)).ToList();
    }
}
