using Crm.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace Crm.Web.Features.Customers.Search;

/// <summary>
/// Fills search_text for rows written before it existed (or by a tool that does not compute it), at start-up, in
/// batches. Rows written by the app always carry it.
/// </summary>
public static class SearchBackfill
{
    public static async Task RunAsync(IServiceProvider services, CancellationToken ct = default)
    {
        var factory = services.GetRequiredService<IDbContextFactory<CrmDbContext>>();
        await CustomersAsync(factory, ct);
        await ContactsAsync(factory, ct);
    }

    private static async Task ContactsAsync(IDbContextFactory<CrmDbContext> factory, CancellationToken ct)
    {
        while (true)
        {
            await using var db = await factory.CreateDbContextAsync(ct);
            var batch = await db.Contacts
                .Where(c => c.SearchText == string.Empty)
                .OrderBy(c => c.Id)
                .Select(c => new { c.Id, c.Name, c.Mobile, c.Email })
                .Take(1000)
                .ToListAsync(ct);
            if (batch.Count == 0)
            {
                return;
            }

            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            foreach (var row in batch)
            {
                var text = Domain.Customers.SearchText.Fields(row.Name, row.Mobile, row.Email);
                await db.Contacts.Where(c => c.Id == row.Id).ExecuteUpdateAsync(s => s.SetProperty(c => c.SearchText, text), ct);
            }

            await transaction.CommitAsync(ct);
        }
    }

    private static async Task CustomersAsync(IDbContextFactory<CrmDbContext> factory, CancellationToken ct)
    {
        while (true)
        {
            await using var db = await factory.CreateDbContextAsync(ct);
            var batch = await db.Customers
                .Where(c => c.SearchText == string.Empty)
                .OrderBy(c => c.Id)
                .Select(c => new { c.Id, c.Name, c.ShortName, c.CustomerCode })
                .Take(1000)
                .ToListAsync(ct);
            if (batch.Count == 0)
            {
                return;
            }

            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            foreach (var row in batch)
            {
                var text = CustomerSearch.TextOf(row.Name, row.ShortName, row.CustomerCode);
                await db.Customers.Where(c => c.Id == row.Id).ExecuteUpdateAsync(s => s.SetProperty(c => c.SearchText, text), ct);
            }

            await transaction.CommitAsync(ct);
        }
    }
}
