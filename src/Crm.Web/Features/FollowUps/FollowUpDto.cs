namespace Crm.Web.Features.FollowUps;

/// <summary>
/// A follow-up record as the API returns it (SPEC §2.4). After the customer is deleted, customer_id is
/// null and customer_name/customer_code come from the snapshot taken at deletion.
/// </summary>
public sealed record FollowUpDto(
    long Id,
    long? CustomerId,
    string CustomerName,
    string CustomerCode,
    long? ContactId,
    string? ContactName,
    DateTimeOffset FollowUpAt,
    string Method,
    string Content,
    DateTimeOffset? NextFollowUpAt,
    long CreatedBy,
    string? CreatedByName,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt);
