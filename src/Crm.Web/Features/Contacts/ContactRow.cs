using System.Linq.Expressions;
using Crm.Domain.Common;
using Crm.Domain.Users;
using Crm.Web.Data;
using Crm.Web.Features.Customers;
using Microsoft.EntityFrameworkCore;

namespace Crm.Web.Features.Contacts;

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
    public static IQueryable<ContactRow> WithCustomerName(this IQueryable<Contact> contacts) =>
        contacts.Select(WithName);

    /// <summary>A contact with its customer's name, for compiled queries too.</summary>
    public static readonly Expression<Func<Contact, ContactRow>> WithName = c => new ContactRow(c, c.Customer!.Name);

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
