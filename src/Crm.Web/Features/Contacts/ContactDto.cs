namespace Crm.Web.Features.Contacts;

/// <summary>A contact as the API returns it (SPEC §2.2), always with the customer it belongs to.</summary>
public record ContactDto(
    long Id,
    long CustomerId,
    string CustomerName,
    string Name,
    string? Position,
    string? Department,
    string? Mobile,
    string? Phone,
    string? Email,
    string? Wechat,
    DateOnly? Birthday,
    string? Hobbies,
    string? Notes,
    bool IsPrimary,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt);
