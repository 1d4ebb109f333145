using Crm.Domain.Common;
using Crm.Domain.Resources;
using Crm.Domain.Users;
using Crm.Web.Data;
using Crm.Web.Features.Transfers;
using Crm.Web.Infrastructure.Auth;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Crm.Web.Features.Users;

/// <summary>
/// Changes a user (admins only): name, role, active flag, password. A password reset or deactivation changes the
/// security stamp, which ends the user's sessions and tokens at once; an admin can neither demote nor deactivate themselves.
/// Deactivating with reassign_to_user_id hands all of the user's customers to that person in the same transaction.
/// </summary>
public sealed class UpdateUser(IDbContextFactory<CrmDbContext> dbFactory, IPasswordHasher<User> hasher, TimeProvider clock, BusinessTime time, UserSessionCache sessions)
{
    public async Task<UserDto> HandleAsync(Actor actor, long id, UserInput input, CancellationToken ct)
    {
        UserFields.RequireAdmin(actor);
        await using var db = await dbFactory.CreateDbContextAsync(actor, ct);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var user = await db.Users.FirstOrDefaultAsync(u => u.Id == id, ct)
            ?? throw new NotFoundException(Messages.UserNotFound);

        var errors = new ValidationErrors();
        if (input.DisplayName.IsSet)
        {
            user.DisplayName = Text.Required(input.DisplayName.Value, UserRules.DisplayNameMax, "display_name", "Label_DisplayName", errors);
        }

        if (input.Role.IsSet)
        {
            var role = UserFields.ParseRole(input.Role.Value, user.Role, errors, required: true);
            if (!Permissions.MayChangeRole(actor, id, role))
            {
                errors.Add("role", Messages.CannotDemoteSelf);
            }

            user.Role = role;
        }

        if (input.IsActive.IsSet)
        {
            if (input.IsActive.Value is not { } active)
            {
                errors.Add("is_active", Messages.Format("FieldRequired", Messages.Get("Label_IsActive")));
            }
            else if (!active && !Permissions.MayDeactivate(actor, id))
            {
                errors.Add("is_active", Messages.CannotDeactivateSelf);
            }
            else if (active != user.IsActive)
            {
                user.IsActive = active;
                user.SecurityStamp = UserFields.NewStamp();
            }
        }

        if (input.Password.IsSet)
        {
            var password = UserRules.Password(input.Password.Value, errors);
            if (!errors.Has("password"))
            {
                user.PasswordHash = hasher.HashPassword(user, password);
                user.SecurityStamp = UserFields.NewStamp();
                user.FailedLoginCount = 0;
                user.LockoutEndUtc = null;
            }
        }

        if (input.ReassignToUserId is { } receiver)
        {
            if (input.IsActive is not { IsSet: true, Value: false })
            {
                errors.Add("reassign_to_user_id", Messages.ReassignNeedsDeactivation);
            }
            else
            {
                await TransferRequests.CheckTargetAsync(db, receiver, id, "reassign_to_user_id", errors, ct);
            }
        }

        errors.ThrowIfAny();
        var now = clock.GetUtcNow().UtcDateTime;
        if (input.ReassignToUserId is { } to)
        {
            await ReassignCustomers.MoveAllAsync(db, actor, id, to, now, ct);
        }

        user.UpdatedAt = now;
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        sessions.Invalidate(user.Id);
        return UserDto.From(user, time);
    }
}
