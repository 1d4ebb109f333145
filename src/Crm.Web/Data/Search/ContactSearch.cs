using Crm.Domain.Customers;
using Microsoft.EntityFrameworkCore;

namespace Crm.Web.Data.Search;

/// <summary>
/// What the global contact search matches: the contact's name, mobile and e-mail, the name of its customer, and the
/// pinyin of the contact's name. The customer's name is copied into each contact's search text, so a rename of the
/// customer rewrites its contacts' text in the same save (<see cref="CustomerRenamedAsync"/>).
/// </summary>
public static class ContactSearch
{
    public static string TextOf(string name, string? mobile, string? email, string customerName) =>
        SearchText.Fields([name, mobile, email, customerName], Pinyin.Of, name);

    /// <summary>Rewrites the search text of a customer's contacts (tracked by <paramref name="db"/>; saved with the customer).</summary>
    public static async Task CustomerRenamedAsync(CrmDbContext db, long customerId, string customerName, CancellationToken ct)
    {
        var contacts = await db.Contacts.Where(c => c.CustomerId == customerId).ToListAsync(ct);
        foreach (var contact in contacts)
        {
            contact.SearchText = TextOf(contact.Name, contact.Mobile, contact.Email, customerName);
        }
    }
}
