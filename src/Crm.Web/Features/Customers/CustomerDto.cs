using System.Text.Json.Serialization;
using Crm.Web.Features.Transfers;

namespace Crm.Web.Features.Customers;

/// <summary>The customer as the API returns it (SPEC §2.1); carries both name and customer_name.</summary>
public sealed record CustomerDto(
    long Id,
    string CustomerCode,
    string Name,
    string CustomerName,
    string? ShortName,
    string CustomerType,
    string? Industry,
    string? Scale,
    string? Address,
    string? Website,
    DateOnly? EstablishedDate,
    string CustomerLevel,
    decimal? CreditLimit,
    string? PaymentTerms,
    int? AccountPeriod,
    string? CustomerSource,
    long SalesOwnerId,
    string? SalesOwnerName,
    string? Status,
    decimal? AnnualRevenue,
    int? CooperationYears,
    DateTimeOffset? LastFollowUpAt,
    int ContactsCount,
    IReadOnlyList<string> Tags,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    int Version)
{
    /// <summary>The primary contact's mobile, else landline (null without one): what a phone's 拨打 button dials.</summary>
    public string? PrimaryContactPhone { get; init; }

    /// <summary>
    /// Only in the answer to a salesperson's update that named another owner: the request that now waits for an admin
    /// (SPEC §4.1). Left out of every other answer.
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public TransferRequestDto? PendingTransfer { get; init; }
}
