using Crm.Web.Infrastructure;

namespace Crm.Web.Features.Contacts;

/// <summary>The contact dialog's values; becomes the same <see cref="ContactInput"/> the API fills.</summary>
public sealed class ContactForm
{
    public string? Name { get; set; }
    public string? Position { get; set; }
    public string? Department { get; set; }
    public string? Mobile { get; set; }
    public string? Phone { get; set; }
    public string? Email { get; set; }
    public string? Wechat { get; set; }
    public DateTime? Birthday { get; set; }
    public string? Hobbies { get; set; }
    public string? Notes { get; set; }
    public bool IsPrimary { get; set; }

    public static ContactForm From(ContactDto c) => new()
    {
        Name = c.Name,
        Position = c.Position,
        Department = c.Department,
        Mobile = c.Mobile,
        Phone = c.Phone,
        Email = c.Email,
        Wechat = c.Wechat,
        Birthday = c.Birthday?.ToDateTime(TimeOnly.MinValue),
        Hobbies = c.Hobbies,
        Notes = c.Notes,
        IsPrimary = c.IsPrimary,
    };

    /// <summary>Every field is sent; "primary" only when ticked (unticking is done by making another one primary).</summary>
    public ContactInput ToInput() => new()
    {
        Name = Optional<string?>.Of(Name),
        Position = Optional<string?>.Of(Position),
        Department = Optional<string?>.Of(Department),
        Mobile = Optional<string?>.Of(Mobile),
        Phone = Optional<string?>.Of(Phone),
        Email = Optional<string?>.Of(Email),
        Wechat = Optional<string?>.Of(Wechat),
        Birthday = Optional<DateOnly?>.Of(Birthday is { } b ? DateOnly.FromDateTime(b) : null),
        Hobbies = Optional<string?>.Of(Hobbies),
        Notes = Optional<string?>.Of(Notes),
        IsPrimary = IsPrimary ? Optional<bool?>.Of(true) : default,
    };
}
