using Crm.Web.Infrastructure;

namespace Crm.Web.Features.Customers;

/// <summary>
/// What a client sends to create or change a customer. Every field is optional: on update only the
/// fields that are set change (SPEC §4: partial PUT). Enum values arrive as text so that a wrong value
/// gets a clear message. The API and the UI both fill this and call the same use cases.
/// </summary>
public sealed record CustomerInput
{
    public Optional<string?> CustomerCode { get; init; }
    public Optional<string?> Name { get; init; }
    public Optional<string?> ShortName { get; init; }
    public Optional<string?> CustomerType { get; init; }
    public Optional<string?> Industry { get; init; }
    public Optional<string?> Scale { get; init; }
    public Optional<string?> Address { get; init; }
    public Optional<string?> Website { get; init; }
    public Optional<DateOnly?> EstablishedDate { get; init; }
    public Optional<string?> CustomerLevel { get; init; }
    public Optional<decimal?> CreditLimit { get; init; }
    public Optional<string?> PaymentTerms { get; init; }
    public Optional<int?> AccountPeriod { get; init; }
    public Optional<string?> CustomerSource { get; init; }
    public Optional<long?> SalesOwnerId { get; init; }

    /// <summary>Why a salesperson's update names another owner (the pending transfer request's reason); optional.</summary>
    public Optional<string?> TransferReason { get; init; }
    public Optional<string?> Status { get; init; }
    public Optional<decimal?> AnnualRevenue { get; init; }
    public Optional<int?> CooperationYears { get; init; }

    /// <summary>The version the client last read; a stale one gets 409. Null: apply regardless.</summary>
    public int? Version { get; init; }
}
