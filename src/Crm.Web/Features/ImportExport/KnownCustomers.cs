using Crm.Domain.Users;
using Crm.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace Crm.Web.Features.ImportExport;

/// <summary>
/// The customers already in the database, by code key and by name key, for finding an import's duplicates. Every
/// customer is listed (a few dozen bytes each), not only the caller's: a salesperson's row that names another owner's
/// customer must be refused, without saying whose it is.
/// </summary>
internal sealed class KnownCustomers
{
    private readonly Dictionary<string, Known> _byCode = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<Known>> _byName = new(StringComparer.Ordinal);

    public sealed record Known(long Id, string Code, long OwnerId);

    public sealed record Match(long Id, string Code, long OwnerId, bool ByCode);

    public static async Task<KnownCustomers> LoadAsync(CrmDbContext db, CancellationToken ct)
    {
        var known = new KnownCustomers();
        await foreach (var c in db.Customers.AsNoTracking()
                           .Select(c => new { c.Id, c.CustomerCode, c.CustomerCodeKey, c.Name, c.SalesOwnerId })
                           .AsAsyncEnumerable().WithCancellation(ct))
        {
            var entry = new Known(c.Id, c.CustomerCode, c.SalesOwnerId);
            known._byCode[c.CustomerCodeKey] = entry;
            var key = CustomerSheet.NameKey(c.Name);
            if (!known._byName.TryGetValue(key, out var list))
            {
                list = [];
                known._byName[key] = list;
            }

            list.Add(entry);
        }

        return known;
    }

    /// <summary>The customer a row repeats: by code when the row has one that exists, else by name — the caller's own first.</summary>
    public Match? Find(string? codeKey, string? nameKey, Actor actor)
    {
        if (codeKey is not null && _byCode.TryGetValue(codeKey, out var byCode))
        {
            return new Match(byCode.Id, byCode.Code, byCode.OwnerId, ByCode: true);
        }

        if (nameKey is not null && _byName.TryGetValue(nameKey, out var byName))
        {
            var chosen = byName.FirstOrDefault(k => Permissions.MayEdit(actor, k.OwnerId)) ?? byName[0];
            return new Match(chosen.Id, chosen.Code, chosen.OwnerId, ByCode: false);
        }

        return null;
    }
}
