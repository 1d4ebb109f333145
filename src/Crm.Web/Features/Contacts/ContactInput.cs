using Crm.Web.Infrastructure;

namespace Crm.Web.Features.Contacts;

/// <summary>
/// What a client sends to create or change a contact. On update only the fields that are set change;
/// null clears an optional field. The API and the UI both fill this and call the same use cases.
/// </summary>
public sealed record ContactInput
{
    public Optional<string?> Name { get; init; }
    public Optional<string?> Position { get; init; }
    public Optional<string?> Department { get; init; }
    public Optional<string?> Mobile { get; init; }
    public Optional<string?> Phone { get; init; }
    public Optional<string?> Email { get; init; }
    public Optional<string?> Wechat { get; init; }
    public Optional<DateOnly?> Birthday { get; init; }
    public Optional<string?> Hobbies { get; init; }
    public Optional<string?> Notes { get; init; }
    public Optional<bool?> IsPrimary { get; init; }

    /// <summary>True when saving this input makes the contact the customer's primary contact.</summary>
    public bool MakesPrimary => IsPrimary is { IsSet: true, Value: true };
}
