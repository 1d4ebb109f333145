using Crm.Domain.Common;
using Crm.Domain.Users;
using Crm.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace Crm.Web.Features.Users;

/// <summary>Every user, oldest first (admins only); also the owner choices of the customer pages.</summary>
public sealed class ListUsers(IDbContextFactory<CrmDbContext> dbFactory, BusinessTime time)
{
    public async Task<IReadOnlyList<UserDto>> HandleAsync(Actor actor, CancellationToken ct)
    {
        UserFields.RequireAdmin(actor);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var users = await db.Users.AsNoTracking().OrderBy(u => u.Id).ToListAsync(ct);
        return users.Select(u => UserDto.From(u, time)).ToList();
    }
}
