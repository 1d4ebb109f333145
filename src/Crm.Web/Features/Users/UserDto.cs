using Crm.Domain.Common;
using Crm.Domain.Users;
using Crm.Web.Data;

namespace Crm.Web.Features.Users;

public sealed record UserDto(
    long Id,
    string Username,
    string DisplayName,
    string Role,
    bool IsActive,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt)
{
    public static UserDto From(User user, BusinessTime time) => new(
        user.Id,
        user.Username,
        user.DisplayName,
        EnumText<UserRole>.Name(user.Role),
        user.IsActive,
        time.ToBusiness(user.CreatedAt),
        time.ToBusiness(user.UpdatedAt));
}
