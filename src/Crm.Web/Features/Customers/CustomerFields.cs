using Crm.Domain.Common;
using Crm.Domain.Customers;
using Crm.Domain.Resources;
using Crm.Web.Data;
using Crm.Web.Data.Search;

namespace Crm.Web.Features.Customers;

/// <summary>Applies and validates the record's own fields; shared by create and update.</summary>
internal static class CustomerFields
{
    public static void Apply(Customer customer, CustomerInput input, bool creating, DateOnly today, ValidationErrors errors)
    {
        var searched = (customer.Name, customer.ShortName);
        if (input.Name.IsSet || creating)
        {
            customer.Name = Text.Required(input.Name.Value, CustomerRules.NameMax, "name", "Label_CustomerName", errors);
            customer.NameKey = CustomerName.DuplicateKey(customer.Name);
        }

        if (input.ShortName.IsSet)
        {
            customer.ShortName = Text.Optional(input.ShortName.Value, CustomerRules.ShortNameMax, "short_name", "Label_ShortName", errors);
        }

        if (input.CustomerType.IsSet)
        {
            customer.CustomerType = Choice(input.CustomerType.Value, "customer_type", "Label_CustomerType", errors) ?? Domain.Customers.CustomerType.Enterprise;
        }

        if (input.Industry.IsSet)
        {
            customer.Industry = Text.Optional(input.Industry.Value, CustomerRules.IndustryMax, "industry", "Label_Industry", errors);
        }

        if (input.Scale.IsSet)
        {
            customer.Scale = Text.Optional(input.Scale.Value, CustomerRules.ScaleMax, "scale", "Label_Scale", errors);
        }

        if (input.Address.IsSet)
        {
            customer.Address = Text.Optional(input.Address.Value, CustomerRules.AddressMax, "address", "Label_Address", errors);
        }

        if (input.Website.IsSet)
        {
            customer.Website = CustomerRules.Website(input.Website.Value, errors);
        }

        if (input.EstablishedDate.IsSet)
        {
            customer.EstablishedDate = Ranges.NotInFuture(input.EstablishedDate.Value, today, "established_date", "Label_EstablishedDate", errors);
        }

        if (input.CreditLimit.IsSet)
        {
            customer.CreditLimitFen = ToFen(Money.Check(input.CreditLimit.Value, "credit_limit", "Label_CreditLimit", errors));
        }

        if (input.PaymentTerms.IsSet)
        {
            customer.PaymentTerms = Text.Optional(input.PaymentTerms.Value, CustomerRules.PaymentTermsMax, "payment_terms", "Label_PaymentTerms", errors);
        }

        if (input.AccountPeriod.IsSet)
        {
            customer.AccountPeriod = Ranges.Check(input.AccountPeriod.Value, 0, CustomerRules.AccountPeriodMax, "account_period", "Label_AccountPeriod", errors);
        }

        if (input.CustomerSource.IsSet)
        {
            customer.CustomerSource = Text.Optional(input.CustomerSource.Value, CustomerRules.SourceMax, "customer_source", "Label_CustomerSource", errors);
        }

        if (input.Status.IsSet)
        {
            customer.Status = Choice<CustomerStatus>(input.Status.Value, "status", "Label_Status", errors);
        }

        if (input.AnnualRevenue.IsSet)
        {
            customer.AnnualRevenueFen = ToFen(Money.Check(input.AnnualRevenue.Value, "annual_revenue", "Label_AnnualRevenue", errors));
        }

        if (input.CooperationYears.IsSet)
        {
            customer.CooperationYears = Ranges.Check(input.CooperationYears.Value, 0, CustomerRules.CooperationYearsMax, "cooperation_years", "Label_CooperationYears", errors);
        }

        // The search text (names, their pinyin, the code) follows the names; a new customer's waits for its code, which
        // is assigned at the save (CreateCustomer, ImportCustomers). The pinyin is the costliest part of a row's checks
        // (an import's 100,000 rows): it is made once, and only for names that changed.
        if (!creating && (customer.Name, customer.ShortName) != searched)
        {
            customer.SearchText = CustomerSearch.TextOf(customer.Name, customer.ShortName, customer.CustomerCode);
        }

        // The grade is never set by hand: it follows from the saved values (SPEC §3.2).
        customer.CustomerLevel = CustomerGrade.Evaluate(
            customer.Status,
            customer.AnnualRevenueFen is { } fen ? Money.FromFen(fen) : null,
            customer.CooperationYears);

        if (input.CustomerLevel.IsSet && Text.Clean(input.CustomerLevel.Value) is { } sent
            && !(EnumText<CustomerLevel>.TryParse(sent, out var level) && level == customer.CustomerLevel))
        {
            errors.Add("customer_level", Messages.LevelIsComputed);
        }
    }

    /// <summary>A customer about to be created by <paramref name="actor"/>: the defaults before its fields are applied.</summary>
    public static Customer New(Domain.Users.Actor actor, DateTime nowUtc) => new()
    {
        CustomerCode = string.Empty,
        CustomerCodeKey = string.Empty,
        Name = string.Empty,
        CustomerType = Domain.Customers.CustomerType.Enterprise,
        CreatedById = actor.UserId,
        CreatedAt = nowUtc,
        UpdatedAt = nowUtc,
        Version = 1,
    };

    /// <summary>A customer's code never changes after creation (SPEC §3.1): sending another one is an error.</summary>
    public static void KeepCode(Customer customer, CustomerInput input, ValidationErrors errors)
    {
        if (input.CustomerCode.IsSet && Text.Clean(input.CustomerCode.Value) is { } code && code != customer.CustomerCode)
        {
            errors.Add("customer_code", Messages.CodeImmutable);
        }
    }

    private static T? Choice<T>(string? value, string field, string labelKey, ValidationErrors errors)
        where T : struct, Enum
    {
        var cleaned = Text.Clean(value);
        if (cleaned is null)
        {
            return null;
        }

        if (EnumText<T>.TryParse(cleaned, out var parsed))
        {
            return parsed;
        }

        errors.Add(field, Messages.Format("InvalidChoice", Messages.Get(labelKey), string.Join(", ", EnumText<T>.Names)));
        return null;
    }

    private static CustomerType? Choice(string? value, string field, string labelKey, ValidationErrors errors) =>
        Choice<CustomerType>(value, field, labelKey, errors);

    private static long? ToFen(decimal? yuan) => yuan is { } v ? Money.ToFen(v) : null;
}
