namespace Crm.Web.Features.Users;

/// <summary>What an admin may set on a user; unset fields stay as they are.</summary>
public sealed record UserInput
{
    public string? Username { get; init; }
    public Infrastructure.Optional<string?> DisplayName { get; init; }
    public Infrastructure.Optional<string?> Role { get; init; }
    public Infrastructure.Optional<bool?> IsActive { get; init; }
    public Infrastructure.Optional<string?> Password { get; init; }

    /// <summary>With is_active = false: who receives the user's customers, in the same transaction as the deactivation.</summary>
    public long? ReassignToUserId { get; init; }
}
