using Crm.Domain.Common;
using Crm.Domain.Resources;
using Crm.Domain.Users;
using Crm.Web.Data;
using Crm.Web.Features.Users;
using Crm.Web.Infrastructure;
using Crm.Web.Infrastructure.Auth;
using Microsoft.EntityFrameworkCore;

namespace Crm.Web.Features.Auth;

/// <summary>A user changes their own display name (个人设置); the same rule as an admin's change of it, audited the same way.</summary>
public sealed class UpdateProfile(IDbContextFactory<CrmDbContext> dbFactory, TimeProvider clock, BusinessTime time, UserSessionCache sessions)
{
    public async Task<UserDto> HandleAsync(Actor actor, Optional<string?> displayName, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(actor, ct);
        var user = await db.Users.FirstOrDefaultAsync(u => u.Id == actor.UserId, ct)
            ?? throw new NotFoundException(Messages.UserNotFound);
        if (displayName.IsSet)
        {
            var errors = new ValidationErrors();
            user.DisplayName = Text.Required(displayName.Value, UserRules.DisplayNameMax, "display_name", "Label_DisplayName", errors);
            errors.ThrowIfAny();
            user.UpdatedAt = clock.GetUtcNow().UtcDateTime;
            await db.SaveChangesAsync(ct);
            sessions.Invalidate(user.Id);
        }

        return UserDto.From(user, time);
    }
}
