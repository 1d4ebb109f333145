using Crm.Domain.Common;
using Crm.Domain.Users;
using Crm.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace Crm.Web.Features.FollowUps;

/// <summary>One follow-up record; admins can still read it after its customer was deleted.</summary>
public sealed class GetFollowUp(IDbContextFactory<CrmDbContext> dbFactory, BusinessTime time)
{
    public async Task<FollowUpDto> HandleAsync(Actor actor, long id, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.ReadDtoAsync(actor, id, time, ct);
    }
}
