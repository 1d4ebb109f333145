using Crm.Domain.Common;
using Crm.Domain.Resources;
using Crm.Domain.Users;
using Crm.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace Crm.Web.Features.Users;

/// <summary>One user by id (admins only).</summary>
public sealed class GetUser(IDbContextFactory<CrmDbContext> dbFactory, BusinessTime time)
{
    public async Task<UserDto> HandleAsync(Actor actor, long id, CancellationToken ct)
    {
        UserFields.RequireAdmin(actor);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var user = await db.Users.AsNoTracking().FirstOrDefaultAsync(u => u.Id == id, ct)
            ?? throw new NotFoundException(Messages.UserNotFound);
        return UserDto.From(user, time);
    }
}
