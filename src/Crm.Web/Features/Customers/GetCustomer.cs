using Crm.Domain.Common;
using Crm.Domain.Users;
using Crm.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace Crm.Web.Features.Customers;

/// <summary>One customer with owner name, contact count and tags; 404 outside the caller's scope.</summary>
public sealed class GetCustomer(IDbContextFactory<CrmDbContext> dbFactory, BusinessTime time)
{
    public async Task<CustomerDto> HandleAsync(Actor actor, long id, CancellationToken ct)
    {
        await using var db = await dbFactory.OpenDbContextAsync(ct);
        return await db.ReadDtoAsync(actor, id, time, ct);
    }
}
