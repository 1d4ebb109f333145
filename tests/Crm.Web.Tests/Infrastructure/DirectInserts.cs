using Crm.Domain.Users;
using Crm.Web.Data;
using Crm.Web.Tests.ImportExport;

namespace Crm.Web.Tests.Infrastructure;

/// <summary>Rows written straight to the database, for states the API never creates (a creation time in the past, a panel of a thousand).</summary>
public static class DirectInserts
{
    /// <summary>
    /// <paramref name="count"/> customers of <paramref name="ownerId"/> in one save, in id order, each with a unique code;
    /// <paramref name="shape"/> sets the rest (name, times) from the index.
    /// </summary>
    public static async Task<List<Customer>> InsertCustomersAsync(this ApiFixture api, long ownerId, int count, Action<Customer, int> shape)
    {
        await using var db = await api.Factory.Services.GetDb().CreateDbContextAsync(new Actor(ownerId, UserRole.Sales, "销售"), CancellationToken.None);
        var customers = Enumerable.Range(0, count).Select(i =>
        {
            var code = $"DI{Guid.NewGuid():N}"[..20];
            var customer = new Customer
            {
                CustomerCode = code,
                CustomerCodeKey = code.ToUpperInvariant(),
                Name = $"直接写入{i:0000}",
                SalesOwnerId = ownerId,
                CreatedById = ownerId,
            };
            shape(customer, i);
            return customer;
        }).ToList();
        db.Customers.AddRange(customers);
        await db.SaveChangesAsync();
        return customers;
    }
}
