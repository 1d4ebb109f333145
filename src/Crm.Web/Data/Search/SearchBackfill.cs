using Microsoft.EntityFrameworkCore;

namespace Crm.Web.Data.Search;

/// <summary>
/// Fills search_text for rows written before it existed (or by a tool that does not compute it), at start-up, in
/// batches. Rows written by the app always carry it. Rows whose text an older version of the rules wrote are
/// rewritten later, in the background (<see cref="SearchReindex"/>).
/// </summary>
public static class SearchBackfill
{
    public static async Task RunAsync(IServiceProvider services, CancellationToken ct = default)
    {
        var factory = services.GetRequiredService<IDbContextFactory<CrmDbContext>>();
        await FillAsync(factory, db => db.Customers, c => c.SearchText = CustomerSearch.TextOf(c.Name, c.ShortName, c.CustomerCode), ct);
        await FillAsync(factory, db => db.Contacts.Include(c => c.Customer), c => c.SearchText = ContactSearch.TextOf(c.Name, c.Mobile, c.Email, c.Customer!.Name), ct);
    }

    private static async Task FillAsync<T>(IDbContextFactory<CrmDbContext> factory, Func<CrmDbContext, IQueryable<T>> set, Action<T> fill, CancellationToken ct)
        where T : class, ITrigramSearchable
    {
        while (true)
        {
            await using var db = await factory.CreateDbContextAsync(ct);
            var batch = await set(db).Where(e => e.SearchText == string.Empty).OrderBy(e => e.Id).Take(1000).ToListAsync(ct);
            if (batch.Count == 0)
            {
                return;
            }

            batch.ForEach(fill);
            await db.SaveChangesAsync(ct);
        }
    }
}
