using Crm.Domain.Common;
using Crm.Domain.Users;
using Crm.Web.Data;
using Microsoft.EntityFrameworkCore;

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

/// <summary>A contact row together with its customer's name, read in one query.</summary>
internal sealed record ContactRow(Contact Contact, string CustomerName)
{
    public ContactDto ToDto(BusinessTime time)
    {
        var c = Contact;
        return new ContactDto(
            c.Id,
            c.CustomerId,
            CustomerName,
            c.Name,
            c.Position,
            c.Department,
            c.Mobile,
            c.Phone,
            c.Email,
            c.Wechat,
            c.Birthday,
            c.Hobbies,
            c.Notes,
            c.IsPrimary,
            time.ToBusiness(c.CreatedAt),
            time.ToBusiness(c.UpdatedAt));
    }
}

internal static class ContactReads
{
    /// <summary>A salesperson sees the contacts of the customers they own; admins see all (SPEC §3.6).</summary>
    public static IQueryable<Contact> VisibleTo(this IQueryable<Contact> contacts, Actor actor) =>
        actor.IsAdmin ? contacts : contacts.Where(c => c.Customer!.SalesOwnerId == actor.UserId);

    public static IQueryable<ContactRow> WithCustomerName(this IQueryable<Contact> contacts) =>
        contacts.Select(c => new ContactRow(c, c.Customer!.Name));

    /// <summary>One contact in the caller's scope; 404 when missing or not visible.</summary>
    public static async Task<ContactDto> ReadDtoAsync(this CrmDbContext db, Actor actor, long id, BusinessTime time, CancellationToken ct)
    {
        var row = await db.Contacts.AsNoTracking()
            .VisibleTo(actor)
            .Where(c => c.Id == id)
            .WithCustomerName()
            .FirstOrDefaultAsync(ct)
            ?? throw new NotFoundException(Domain.Resources.Messages.ContactNotFound);
        return row.ToDto(time);
    }
}
