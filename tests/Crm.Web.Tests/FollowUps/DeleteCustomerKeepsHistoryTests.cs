using System.Net;
using Crm.Web.Tests.Infrastructure;

namespace Crm.Web.Tests.FollowUps;

/// <summary>SPEC §3.5: deleting a customer deletes its contacts and tags; follow-ups stay as history with a snapshot.</summary>
[Collection("api")]
public sealed class DeleteCustomerKeepsHistoryTests(ApiFixture api)
{
    [Fact]
    public async Task Deleting_a_customer_removes_contacts_and_tags_and_keeps_follow_ups_for_admins()
    {
        var sales = await api.NewUserAsync();
        var tag = RecordHelpers.UniqueTag("将删");
        var customer = await sales.Client.CreateCustomerAsync(new { name = "将被删除的客户" });
        var code = customer.Str("customer_code");
        var contact = await sales.Client.CreateContactAsync(customer.Id(), new { name = "随客户删除", is_primary = true, birthday = "1990-01-01" });
        await sales.Client.AddTagAsync(customer.Id(), tag);
        var record = await sales.Client.AddFollowUpAsync(customer.Id(), new { content = "签约前最后一次拜访", method = "visit", contact_id = contact.Id() });
        await sales.Client.PutJsonAsync($"/api/v1/sales/customers/{customer.Id()}", new { name = "改名后的客户" }).OkJsonAsync();

        Assert.Equal(HttpStatusCode.NoContent, (await sales.Client.DeleteAsync($"/api/v1/sales/customers/{customer.Id()}")).StatusCode);

        // Contacts and tags are gone.
        await (await api.Admin.GetAsync($"/api/v1/sales/contacts/{contact.Id()}")).AssertErrorAsync(HttpStatusCode.NotFound);
        Assert.Equal(0, (await api.Admin.GetJsonAsync($"/api/v1/sales/contacts?customer_id={customer.Id()}"))["total"]!.GetValue<long>());
        Assert.DoesNotContain(tag, (await api.Admin.GetJsonAsync("/api/v1/sales/customer-tags")).Strings("tag_name"));
        Assert.Equal(0, (await api.Admin.GetJsonAsync("/api/v1/sales/customers?tag=" + Uri.EscapeDataString(tag)))["total"]!.GetValue<long>());

        // The follow-up stays, with the customer's name and code as they were at deletion, readable by admins only.
        var kept = await api.Admin.GetJsonAsync($"/api/v1/sales/follow-ups/{record.Id()}");
        Assert.Null(kept["customer_id"]);
        Assert.Equal("改名后的客户", kept.Str("customer_name"));
        Assert.Equal(code, kept.Str("customer_code"));
        Assert.Equal("签约前最后一次拜访", kept.Str("content"));
        Assert.Equal("visit", kept.Str("method"));
        Assert.Null(kept["contact_id"]);
        Assert.Equal(sales.Id, kept.Long("created_by"));
        await (await sales.Client.GetAsync($"/api/v1/sales/follow-ups/{record.Id()}")).AssertErrorAsync(HttpStatusCode.NotFound);
        await (await sales.Client.PutJsonAsync($"/api/v1/sales/follow-ups/{record.Id()}", new { content = "改历史" })).AssertErrorAsync(HttpStatusCode.NotFound);

        // Admins still manage the history.
        var corrected = await api.Admin.PutJsonAsync($"/api/v1/sales/follow-ups/{record.Id()}", new { content = "签约前最后一次拜访（补充）" }).OkJsonAsync();
        Assert.Equal("改名后的客户", corrected.Str("customer_name"));
        Assert.Null(corrected["customer_id"]);
        Assert.Equal(HttpStatusCode.NoContent, (await api.Admin.DeleteAsync($"/api/v1/sales/follow-ups/{record.Id()}")).StatusCode);
    }
}
