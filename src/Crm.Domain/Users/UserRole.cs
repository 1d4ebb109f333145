namespace Crm.Domain.Users;

public enum UserRole
{
    Admin,
    Sales,
}

/// <summary>Who is acting: every use case receives it explicitly, from the API token or the UI session.</summary>
public sealed record Actor(long UserId, UserRole Role, string DisplayName)
{
    public bool IsAdmin => Role == UserRole.Admin;
}
