using System.Globalization;
using Crm.Web.Data;
using Crm.Web.Tests.Infrastructure;
using Crm.Web.Tests.Transfers;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Web.Tests.Workbench;

/// <summary>
/// The birthday week is read from the owner copied onto each contact (decision 0052): after every kind of owner change —
/// an admin's edit, an approved transfer, a bulk reassignment — each salesperson's 工作台 (and the admin's view of them)
/// lists exactly the birthdays of the customers they own now, and no stored contact keeps a stale owner.
/// </summary>
[Collection("api")]
public sealed class WorkbenchOwnerChangeTests(ApiFixture api)
{
    private static readonly DateTimeOffset Now = DateTimeOffset.Parse("2026-09-01T10:00:00+08:00", CultureInfo.InvariantCulture);

    [Fact]
    public async Task Birthdays_follow_the_customer_through_edit_transfer_and_bulk_reassignment()
    {
        var first = await api.NewUserAsync();
        var second = await api.NewUserAsync();
        var third = await api.NewUserAsync();
        using var pinned = api.Factory.Clock.Pin(Now);

        var names = new Dictionary<long, string>();
        async Task<long> CustomerWithBirthday(string name)
        {
            var id = (await first.Client.CreateCustomerAsync(new { name })).Id();
            await first.Client.CreateContactAsync(id, new { name = name + "-联系人", birthday = "1988-09-03" });
            names[id] = name + "-联系人";
            return id;
        }

        var edited = await CustomerWithBirthday("改负责人");
        var transferred = await CustomerWithBirthday("转移审批");
        var reassigned = await CustomerWithBirthday("批量移交");
        await AssertBirthdaysAsync((first, [edited, transferred, reassigned]), (second, []), (third, []));

        await api.Admin.PutJsonAsync($"/api/v1/sales/customers/{edited}", new { sales_owner_id = second.Id }).OkJsonAsync();
        await AssertBirthdaysAsync((first, [transferred, reassigned]), (second, [edited]), (third, []));

        var request = await first.Client.RequestTransferAsync(transferred, second.Id);
        await api.Admin.DecideAsync(request.Id(), "approve").OkJsonAsync();
        await AssertBirthdaysAsync((first, [reassigned]), (second, [edited, transferred]), (third, []));

        await api.Admin.ReassignAsync(new { from_user_id = first.Id, to_user_id = third.Id }).OkJsonAsync();
        await AssertBirthdaysAsync((first, []), (second, [edited, transferred]), (third, [reassigned]));

        // A contact added after the move belongs to the new owner's week straight away.
        await third.Client.CreateContactAsync(reassigned, new { name = "移交后新增", birthday = "1990-09-02" });
        Assert.Equal(["移交后新增", names[reassigned]], await BirthdayNamesAsync(third.Client, "/api/v1/sales/workbench"));

        await using var db = await api.Factory.Services.GetRequiredService<IDbContextFactory<CrmDbContext>>().CreateDbContextAsync();
        Assert.Equal(0, await db.Contacts.CountAsync(c => c.SalesOwnerId != c.Customer!.SalesOwnerId));

        async Task AssertBirthdaysAsync(params (TestUser User, long[] Customers)[] expected)
        {
            foreach (var (user, customers) in expected)
            {
                var want = customers.Select(c => names[c]).Order(StringComparer.Ordinal).ToArray();
                Assert.Equal(want, (await BirthdayNamesAsync(user.Client, "/api/v1/sales/workbench")).Order(StringComparer.Ordinal));
                Assert.Equal(want, (await BirthdayNamesAsync(api.Admin, $"/api/v1/sales/workbench?sales_owner_id={user.Id}")).Order(StringComparer.Ordinal));
            }
        }
    }

    private static async Task<string[]> BirthdayNamesAsync(HttpClient client, string url)
    {
        var birthdays = (await client.GetJsonAsync(url))["birthdays"]!;
        var names = birthdays["items"]!.AsArray().Select(b => b!.Str("name")).ToArray();
        Assert.Equal(names.Length, birthdays.Long("count"));
        return names;
    }
}
