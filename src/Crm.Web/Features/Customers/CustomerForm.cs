using System.Globalization;
using Crm.Domain.Customers;
using Crm.Web.Infrastructure;

namespace Crm.Web.Features.Customers;

/// <summary>
/// What the 新建/编辑客户 form edits: plain values for the inputs. It becomes a <see cref="CustomerInput"/>, the
/// same input the API fills, so the handler validates it and its messages are shown next to each field.
/// </summary>
public sealed class CustomerForm
{
    public string? CustomerCode { get; set; }
    public string? Name { get; set; }
    public string? ShortName { get; set; }
    public string CustomerType { get; set; } = "enterprise";
    public string? Industry { get; set; }
    public string? Scale { get; set; }
    public string? Address { get; set; }
    public string? Website { get; set; }
    public DateTime? EstablishedDate { get; set; }
    public decimal? CreditLimit { get; set; }
    public string? PaymentTerms { get; set; }
    public int? AccountPeriod { get; set; }
    public string? CustomerSource { get; set; }
    public long? SalesOwnerId { get; set; }
    public string? Status { get; set; } = "potential";
    public decimal? AnnualRevenue { get; set; }
    public int? CooperationYears { get; set; }

    /// <summary>The form fields by API name, in the order they appear; the key of each handler error.</summary>
    public static IReadOnlyList<string> Fields { get; } =
    [
        "customer_code", "name", "short_name", "customer_type", "status", "industry", "scale", "customer_source", "sales_owner_id",
        "address", "website", "established_date",
        "annual_revenue", "cooperation_years", "credit_limit", "payment_terms", "account_period",
    ];

    public static CustomerForm From(CustomerDto customer) => new()
    {
        CustomerCode = customer.CustomerCode,
        Name = customer.Name,
        ShortName = customer.ShortName,
        CustomerType = customer.CustomerType,
        Industry = customer.Industry,
        Scale = customer.Scale,
        Address = customer.Address,
        Website = customer.Website,
        EstablishedDate = customer.EstablishedDate?.ToDateTime(TimeOnly.MinValue),
        CreditLimit = customer.CreditLimit,
        PaymentTerms = customer.PaymentTerms,
        AccountPeriod = customer.AccountPeriod,
        CustomerSource = customer.CustomerSource,
        SalesOwnerId = customer.SalesOwnerId,
        Status = customer.Status,
        AnnualRevenue = customer.AnnualRevenue,
        CooperationYears = customer.CooperationYears,
    };

    public CustomerForm Clone() => (CustomerForm)MemberwiseClone();

    /// <summary>
    /// The input for the use case. On create every field is sent (blank code: generated; no owner: the creator).
    /// On update every field but the code is sent with the version read, and the owner only when it changed.
    /// </summary>
    public CustomerInput ToInput(CustomerDto? original) => new()
    {
        CustomerCode = original is null && !string.IsNullOrWhiteSpace(CustomerCode) ? Optional<string?>.Of(CustomerCode) : default,
        Name = Optional<string?>.Of(Name),
        ShortName = Optional<string?>.Of(ShortName),
        CustomerType = Optional<string?>.Of(CustomerType),
        Industry = Optional<string?>.Of(Industry),
        Scale = Optional<string?>.Of(Scale),
        Address = Optional<string?>.Of(Address),
        Website = Optional<string?>.Of(Website),
        EstablishedDate = Optional<DateOnly?>.Of(EstablishedDate is { } d ? DateOnly.FromDateTime(d) : null),
        CreditLimit = Optional<decimal?>.Of(CreditLimit),
        PaymentTerms = Optional<string?>.Of(PaymentTerms),
        AccountPeriod = Optional<int?>.Of(AccountPeriod),
        CustomerSource = Optional<string?>.Of(CustomerSource),
        SalesOwnerId = SalesOwnerId is { } owner && owner != original?.SalesOwnerId ? Optional<long?>.Of(owner) : default,
        Status = Optional<string?>.Of(Status),
        AnnualRevenue = Optional<decimal?>.Of(AnnualRevenue),
        CooperationYears = Optional<int?>.Of(CooperationYears),
        Version = original?.Version,
    };

    /// <summary>The value of one field as text, to compare two forms field by field.</summary>
    public string? ValueOf(string field) => field switch
    {
        "customer_code" => CustomerCode,
        "name" => Name,
        "short_name" => ShortName,
        "customer_type" => CustomerType,
        "industry" => Industry,
        "scale" => Scale,
        "address" => Address,
        "website" => Website,
        "established_date" => EstablishedDate?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        "credit_limit" => CreditLimit?.ToString(CultureInfo.InvariantCulture),
        "payment_terms" => PaymentTerms,
        "account_period" => AccountPeriod?.ToString(CultureInfo.InvariantCulture),
        "customer_source" => CustomerSource,
        "sales_owner_id" => SalesOwnerId?.ToString(CultureInfo.InvariantCulture),
        "status" => Status,
        "annual_revenue" => AnnualRevenue?.ToString(CultureInfo.InvariantCulture),
        "cooperation_years" => CooperationYears?.ToString(CultureInfo.InvariantCulture),
        _ => null,
    };

    /// <summary>Whether any field differs from another form (e.g. what was loaded): the page then has unsaved changes.</summary>
    public bool DiffersFrom(CustomerForm other) => Fields.Any(f => ValueOf(f) != other.ValueOf(f));

    /// <summary>Copies one field's value from another form.</summary>
    public void CopyFrom(CustomerForm other, string field)
    {
        switch (field)
        {
            case "customer_code": CustomerCode = other.CustomerCode; break;
            case "name": Name = other.Name; break;
            case "short_name": ShortName = other.ShortName; break;
            case "customer_type": CustomerType = other.CustomerType; break;
            case "industry": Industry = other.Industry; break;
            case "scale": Scale = other.Scale; break;
            case "address": Address = other.Address; break;
            case "website": Website = other.Website; break;
            case "established_date": EstablishedDate = other.EstablishedDate; break;
            case "credit_limit": CreditLimit = other.CreditLimit; break;
            case "payment_terms": PaymentTerms = other.PaymentTerms; break;
            case "account_period": AccountPeriod = other.AccountPeriod; break;
            case "customer_source": CustomerSource = other.CustomerSource; break;
            case "sales_owner_id": SalesOwnerId = other.SalesOwnerId; break;
            case "status": Status = other.Status; break;
            case "annual_revenue": AnnualRevenue = other.AnnualRevenue; break;
            case "cooperation_years": CooperationYears = other.CooperationYears; break;
            default: break;
        }
    }

    /// <summary>
    /// After a 409: the colleague's saved record with this user's own edits laid on top, so nothing typed is
    /// lost. Returns the fields both changed (the user's value is kept there and the form points them out).
    /// </summary>
    public static (CustomerForm Merged, IReadOnlyList<string> BothChanged) Rebase(CustomerForm mine, CustomerForm readBefore, CustomerForm latest)
    {
        var merged = latest.Clone();
        var both = new List<string>();
        foreach (var field in Fields)
        {
            if (mine.ValueOf(field) == readBefore.ValueOf(field))
            {
                continue;
            }

            merged.CopyFrom(mine, field);
            if (latest.ValueOf(field) != readBefore.ValueOf(field) && latest.ValueOf(field) != mine.ValueOf(field))
            {
                both.Add(field);
            }
        }

        return (merged, both);
    }

    /// <summary>The grade these values would get (the domain's rule, for the preview next to the saved grade).</summary>
    public CustomerLevel PreviewGrade() =>
        CustomerGrade.Evaluate(
            Crm.Domain.Common.EnumText<CustomerStatus>.TryParse(Status, out var s) ? s : null,
            AnnualRevenue,
            CooperationYears);
}
