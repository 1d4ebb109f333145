using Crm.Domain.Common;
using Crm.Domain.Users;
using Crm.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace Crm.Web.Features.Contacts;

/// <summary>One contact with its customer's name; 404 outside the caller's scope.</summary>
public sealed class GetContact(IDbContextFactory<CrmDbContext> dbFactory, BusinessTime time)
{
    public async Task<ContactDto> HandleAsync(Actor actor, long id, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.ReadDtoAsync(actor, id, time, ct);
    }
}
