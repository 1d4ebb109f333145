using Crm.Domain.Common;
using Crm.Domain.Resources;
using Crm.Web.Features.Contacts;
using Crm.Web.Infrastructure;

namespace Crm.Web.Features.ImportExport;

/// <summary>
/// The contact sheet: the customer a contact belongs to (客户编号, or the exact 客户名称), then the contact's fields in
/// SPEC §2.2 order. A row becomes the <see cref="ContactInput"/> the API would receive; ContactFields validates it.
/// </summary>
public static class ContactSheet
{
    public const string CustomerCode = "customer_code";
    public const string CustomerName = "customer_name";

    public static IReadOnlyList<SheetColumn> Columns { get; } =
    [
        new(CustomerCode, "Label_CustomerCode"),
        new(CustomerName, "Label_CustomerName"),
        new("name", "Label_ContactName", Required: true),
        new("position", "Label_Position"),
        new("department", "Label_Department"),
        new("mobile", "Label_Mobile"),
        new("phone", "Label_Phone"),
        new("email", "Label_Email"),
        new("wechat", "Label_Wechat"),
        new("birthday", "Label_Birthday"),
        new("hobbies", "Label_Hobbies"),
        new("notes", "Label_Notes"),
        new("is_primary", "Label_IsPrimary"),
    ];

    public static IReadOnlyList<SheetColumn> Ignored { get; } = [CustomerSheet.ErrorColumn];

    public static string ColumnOf(string field) => field == "customer_id" ? CustomerName : field;

    /// <summary>How the sheet writes 主要联系人.</summary>
    public static string YesNo(bool value) => Messages.Chinese(value ? "Import_Yes" : "Import_No");

    public static ContactInput ToInput(SheetRow row, IReadOnlyDictionary<string, int> at, ValidationErrors errors, out string? customerCode, out string? customerName)
    {
        object? Cell(string field) => at.TryGetValue(field, out var i) && i < row.Cells.Length && row.Cells[i] is { } v && !(v is string s && Text.Clean(s) is null) ? v : null;

        Optional<string?> TextOf(string field) => Cell(field) is { } v ? Optional<string?>.Of(SheetCell.Text(v)) : default;

        customerCode = Cell(CustomerCode) is { } code ? Text.Clean(SheetCell.HalfWidth(SheetCell.Text(code) ?? "")) : null;
        customerName = Cell(CustomerName) is { } name ? Text.Clean(SheetCell.Text(name)) : null;

        Optional<DateOnly?> birthday = default;
        if (Cell("birthday") is { } b)
        {
            if (SheetCell.TryDate(b, out var date))
            {
                birthday = Optional<DateOnly?>.Of(date);
            }
            else
            {
                errors.Add("birthday", SheetCell.WrongKind("FieldMustBeDate", "Label_Birthday"));
            }
        }

        Optional<bool?> primary = default;
        if (Cell("is_primary") is { } p)
        {
            var text = SheetCell.HalfWidth(SheetCell.Text(p) ?? "").Trim();
            if (p is bool flag)
            {
                primary = Optional<bool?>.Of(flag);
            }
            else if (text is "是" or "Y" or "y" or "1" || text.Equals("true", StringComparison.OrdinalIgnoreCase) || text.Equals("yes", StringComparison.OrdinalIgnoreCase))
            {
                primary = Optional<bool?>.Of(true);
            }
            else if (text is "否" or "N" or "n" or "0" || text.Equals("false", StringComparison.OrdinalIgnoreCase) || text.Equals("no", StringComparison.OrdinalIgnoreCase))
            {
                primary = Optional<bool?>.Of(false);
            }
            else
            {
                errors.Add("is_primary", Messages.Format("ImportYesNo", Messages.Get("Label_IsPrimary")));
            }
        }

        return new ContactInput
        {
            Name = TextOf("name"),
            Position = TextOf("position"),
            Department = TextOf("department"),
            Mobile = TextOf("mobile"),
            Phone = TextOf("phone"),
            Email = TextOf("email"),
            Wechat = TextOf("wechat"),
            Birthday = birthday,
            Hobbies = TextOf("hobbies"),
            Notes = TextOf("notes"),
            IsPrimary = primary,
        };
    }
}
