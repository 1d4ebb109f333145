using Crm.Domain.Common;
using Crm.Domain.Customers;
using Crm.Domain.Resources;
using Crm.Web.Features.Customers;
using Crm.Web.Features.Tags;
using Crm.Web.Infrastructure;

namespace Crm.Web.Features.ImportExport;

/// <summary>
/// The customer sheet: the template's columns in SPEC §2.1 order, the export's extra computed columns, and how one
/// row becomes the <see cref="CustomerInput"/> the API would have received. Validation is not done here: the row goes
/// through CustomerFields like every API request.
/// </summary>
public static class CustomerSheet
{
    public const string Owner = "sales_owner";
    public const string Tags = "tags";

    public static IReadOnlyList<SheetColumn> Columns { get; } =
    [
        new("customer_code", "Label_CustomerCode"),
        new("name", "Label_CustomerName", Required: true),
        new("short_name", "Label_ShortName"),
        new("customer_type", "Label_CustomerType"),
        new("industry", "Label_Industry"),
        new("scale", "Label_Scale"),
        new("address", "Label_Address"),
        new("website", "Label_Website"),
        new("established_date", "Label_EstablishedDate"),
        new("credit_limit", "Label_CreditLimit"),
        new("payment_terms", "Label_PaymentTerms"),
        new("account_period", "Label_AccountPeriod"),
        new("customer_source", "Label_CustomerSource"),
        new(Owner, "Label_SalesOwner"),
        new("status", "Label_Status"),
        new("annual_revenue", "Label_AnnualRevenue"),
        new("cooperation_years", "Label_CooperationYears"),
        new(Tags, "Label_TagNames"),
    ];

    /// <summary>Computed columns an export adds; an import reads past them (the grade is computed on every save anyway).</summary>
    public static IReadOnlyList<SheetColumn> ExportOnly { get; } =
    [
        new("customer_level", "Label_CustomerLevel"),
        new("last_follow_up_at", "Label_LastFollowUpAt"),
        new("contacts_count", "Label_ContactsCount"),
        new("primary_contact", "Label_PrimaryContact"),
        new("mobile", "Label_PrimaryMobile"),
    ];

    /// <summary>The error workbook's first column.</summary>
    public static SheetColumn ErrorColumn { get; } = new("error", "Label_ImportError");

    public static IReadOnlyList<SheetColumn> Ignored { get; } = [.. ExportOnly, ErrorColumn];

    /// <summary>The API field an error of <paramref name="field"/> belongs to, as a column of the sheet.</summary>
    public static string ColumnOf(string field) => field switch
    {
        "sales_owner_id" => Owner,
        "tag_name" or "tag_names" => Tags,
        _ => field,
    };

    /// <summary>Separators a person uses between tags in one cell.</summary>
    public static readonly char[] TagSeparators = [',', '，', '、', ';', '；'];

    /// <summary>
    /// The row as API input: only non-empty cells are set (an update leaves the other fields alone). Values of the wrong
    /// kind (text in a money column) are reported with the API's message; the owner's user name and the tags are
    /// returned separately for the caller to resolve.
    /// </summary>
    public static CustomerInput ToInput(SheetRow row, IReadOnlyDictionary<string, int> at, ValidationErrors errors, out string? ownerName, out IReadOnlyList<string>? tags)
    {
        object? Cell(string field) => at.TryGetValue(field, out var i) && i < row.Cells.Length ? Blank(row.Cells[i]) : null;

        Optional<string?> TextOf(string field) => Cell(field) is { } v ? Optional<string?>.Of(SheetCell.Text(v)) : default;

        Optional<string?> ChoiceOf<T>(string field, string prefix)
            where T : struct, Enum
        {
            if (Cell(field) is not { } v)
            {
                return default;
            }

            var text = SheetCell.HalfWidth(SheetCell.Text(v) ?? "").Trim();
            foreach (var value in EnumText<T>.Names)
            {
                if (text == Messages.Chinese(prefix + value) || text.Equals(Messages.English(prefix + value), StringComparison.OrdinalIgnoreCase))
                {
                    return Optional<string?>.Of(value);
                }
            }

            return Optional<string?>.Of(text);
        }

        Optional<decimal?> MoneyOf(string field, string labelKey)
        {
            if (Cell(field) is not { } v)
            {
                return default;
            }

            if (SheetCell.TryMoney(v, out var amount))
            {
                return Optional<decimal?>.Of(amount);
            }

            errors.Add(field, SheetCell.WrongKind("FieldMustBeNumber", labelKey));
            return default;
        }

        Optional<int?> IntegerOf(string field, string labelKey)
        {
            if (Cell(field) is not { } v)
            {
                return default;
            }

            if (SheetCell.TryInteger(v, out var number))
            {
                return Optional<int?>.Of(number);
            }

            errors.Add(field, SheetCell.WrongKind("FieldMustBeInteger", labelKey));
            return default;
        }

        Optional<DateOnly?> DateOf(string field, string labelKey)
        {
            if (Cell(field) is not { } v)
            {
                return default;
            }

            if (SheetCell.TryDate(v, out var date))
            {
                return Optional<DateOnly?>.Of(date);
            }

            errors.Add(field, SheetCell.WrongKind("FieldMustBeDate", labelKey));
            return default;
        }

        ownerName = Cell(Owner) is { } owner ? Text.Clean(SheetCell.Text(owner)) : null;
        tags = Cell(Tags) is { } tagCell
            ? TagNames.Many([.. (SheetCell.Text(tagCell) ?? "").Split(TagSeparators, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)], "tags", errors)
            : null;

        return new CustomerInput
        {
            CustomerCode = Cell("customer_code") is { } code ? Optional<string?>.Of(SheetCell.HalfWidth(SheetCell.Text(code) ?? "")) : default,
            Name = TextOf("name"),
            ShortName = TextOf("short_name"),
            CustomerType = ChoiceOf<CustomerType>("customer_type", "CustomerType_"),
            Industry = TextOf("industry"),
            Scale = TextOf("scale"),
            Address = TextOf("address"),
            Website = TextOf("website"),
            EstablishedDate = DateOf("established_date", "Label_EstablishedDate"),
            CreditLimit = MoneyOf("credit_limit", "Label_CreditLimit"),
            PaymentTerms = TextOf("payment_terms"),
            AccountPeriod = IntegerOf("account_period", "Label_AccountPeriod"),
            CustomerSource = TextOf("customer_source"),
            Status = ChoiceOf<CustomerStatus>("status", "Status_"),
            AnnualRevenue = MoneyOf("annual_revenue", "Label_AnnualRevenue"),
            CooperationYears = IntegerOf("cooperation_years", "Label_CooperationYears"),
        };
    }

    /// <summary>The key duplicates are found by: the name trimmed, full-width folded to half-width.</summary>
    public static string NameKey(string name) => SheetCell.HalfWidth(name).Trim();

    private static object? Blank(object? value) => value is string s && Text.Clean(s) is null ? null : value;
}
