using Crm.Domain.Common;
using Crm.Domain.Customers;
using Crm.Domain.Resources;
using Crm.Domain.Users;
using Crm.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace Crm.Web.Features.Customers;

/// <summary>A customer of the same name the caller may open.</summary>
public sealed record DuplicateCustomerDto(long Id, string Name, string CustomerCode);

/// <summary>
/// The duplicate-name warning: <c>duplicate</c> is true when another customer has the same name after normalisation
/// (CustomerName.DuplicateKey); <c>customers</c> lists those the caller may see, <c>owned_by_others</c> says that
/// others exist beyond them — nothing else about those is revealed (SPEC §3.6).
/// </summary>
public sealed record DuplicateCheckDto(bool Duplicate, string? Warning, IReadOnlyList<DuplicateCustomerDto> Customers, bool OwnedByOthers);

/// <summary>Looks a name up by its normalised key (an indexed column: no scan), before a create or a rename.</summary>
public sealed class FindDuplicateCustomers(IDbContextFactory<CrmDbContext> dbFactory)
{
    private const int Shown = 5;

    /// <param name="exceptId">The customer being renamed: it does not duplicate itself.</param>
    public async Task<DuplicateCheckDto> HandleAsync(Actor actor, string? name, long? exceptId, CancellationToken ct)
    {
        var cleaned = Text.Clean(name) ?? throw ValidationErrors.Failure("name", Messages.DuplicateNameRequired);
        var key = CustomerName.DuplicateKey(cleaned);

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var sameName = db.Customers.Where(c => c.NameKey == key);
        if (exceptId is { } except)
        {
            sameName = sameName.Where(c => c.Id != except);
        }

        var visible = await sameName.VisibleTo(actor)
            .OrderBy(c => c.Id)
            .Select(c => new DuplicateCustomerDto(c.Id, c.Name, c.CustomerCode))
            .Take(Shown)
            .ToListAsync(ct);
        var others = !actor.IsAdmin && await sameName.AnyAsync(c => c.SalesOwnerId != actor.UserId, ct);
        var warning = visible.Count > 0 ? Messages.DuplicateName : others ? Messages.DuplicateNameOthers : null;
        return new DuplicateCheckDto(warning is not null, warning, visible, others);
    }
}
