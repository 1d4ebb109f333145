using Crm.Domain.Common;
using Crm.Domain.Resources;
using Crm.Domain.Users;
using Crm.Web.Data;
using Crm.Web.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Crm.Web.Features.Users;

/// <summary>Creates a user (admins only): unique user name, a role (default sales) and a password that meets the rules.</summary>
public sealed class CreateUser(IDbContextFactory<CrmDbContext> dbFactory, IPasswordHasher<User> hasher, TimeProvider clock, BusinessTime time)
{
    public async Task<UserDto> HandleAsync(Actor actor, UserInput input, CancellationToken ct)
    {
        UserFields.RequireAdmin(actor);
        var errors = new ValidationErrors();
        var username = UserRules.Username(input.Username, errors);
        var displayName = Text.Optional(input.DisplayName.Value, UserRules.DisplayNameMax, "display_name", "Label_DisplayName", errors) ?? username;
        var role = UserFields.ParseRole(input.Role.IsSet ? input.Role.Value : null, UserRole.Sales, errors);
        var password = UserRules.Password(input.Password.Value, errors);
        errors.ThrowIfAny();

        var now = clock.GetUtcNow().UtcDateTime;
        var user = new User
        {
            Username = username,
            NormalizedUsername = UserRules.NormalizeUsername(username),
            DisplayName = displayName,
            Role = role,
            IsActive = input.IsActive.Value ?? true,
            PasswordHash = string.Empty,
            SecurityStamp = UserFields.NewStamp(),
            CreatedAt = now,
            UpdatedAt = now,
        };
        user.PasswordHash = hasher.HashPassword(user, password);

        await using var db = await dbFactory.CreateDbContextAsync(actor, ct);
        if (await db.Users.AnyAsync(u => u.NormalizedUsername == user.NormalizedUsername, ct))
        {
            throw ValidationErrors.Failure("username", Messages.UsernameExists);
        }

        db.Users.Add(user);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException ex) when (DbErrors.IsUniqueViolation(ex, "normalized_username"))
        {
            throw ValidationErrors.Failure("username", Messages.UsernameExists);
        }

        return UserDto.From(user, time);
    }
}
