using System.Security.Cryptography;
using Crm.Domain.Common;
using Crm.Domain.Resources;
using Crm.Domain.Users;

namespace Crm.Web.Features.Users;

/// <summary>What the user use cases check alike: the admin-only rule, the role field and a fresh security stamp.</summary>
internal static class UserFields
{
    public static void RequireAdmin(Actor actor)
    {
        if (!Permissions.MayManageUsers(actor))
        {
            throw new ForbiddenException(Messages.Forbidden);
        }
    }

    public static UserRole ParseRole(string? value, UserRole fallback, ValidationErrors errors, bool required = false)
    {
        var cleaned = Text.Clean(value);
        if (cleaned is null)
        {
            if (required)
            {
                errors.Add("role", Messages.Format("FieldRequired", Messages.Get("Label_Role")));
            }

            return fallback;
        }

        if (EnumText<UserRole>.TryParse(cleaned, out var role))
        {
            return role;
        }

        errors.Add("role", Messages.Format("InvalidChoice", Messages.Get("Label_Role"), string.Join(", ", EnumText<UserRole>.Names)));
        return fallback;
    }

    public static string NewStamp() => Convert.ToHexString(RandomNumberGenerator.GetBytes(16));
}
