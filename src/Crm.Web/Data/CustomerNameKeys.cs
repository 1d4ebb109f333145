using Crm.Domain.Customers;
using Microsoft.EntityFrameworkCore;

namespace Crm.Web.Data;

/// <summary>
/// Fills name_key (the duplicate warning's lookup key) for customers written before it existed, at start-up, in
/// batches; the app keeps it in step with the name on every save. No row's name is empty, so no filled key is either.
/// </summary>
public static class CustomerNameKeys
{
    public static async Task BackfillAsync(IServiceProvider services, CancellationToken ct = default)
    {
        var factory = services.GetRequiredService<IDbContextFactory<CrmDbContext>>();
        while (true)
        {
            await using var db = await factory.CreateDbContextAsync(ct);
            var batch = await db.Customers.Where(c => c.NameKey == string.Empty).OrderBy(c => c.Id).Take(1000).ToListAsync(ct);
            if (batch.Count == 0)
            {
                return;
            }

            batch.ForEach(c => c.NameKey = CustomerName.DuplicateKey(c.Name));
            await db.SaveChangesAsync(ct);
        }
    }
}
