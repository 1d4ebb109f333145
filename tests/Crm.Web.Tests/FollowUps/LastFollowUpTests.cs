using System.Net;
using System.Text.Json.Nodes;
using Crm.Web.Tests.Infrastructure;

namespace Crm.Web.Tests.FollowUps;

/// <summary>最后跟进时间 is always the latest follow_up_at of the customer's records, and never moves the version.</summary>
[Collection("api")]
public sealed class LastFollowUpTests(ApiFixture api)
{
    private static async Task<JsonNode> CustomerAsync(HttpClient client, long id) => await client.GetJsonAsync($"/api/v1/sales/customers/{id}");

    private static string? Last(JsonNode customer) => customer["last_follow_up_at"]?.GetValue<string>();

    [Fact]
    public async Task Last_follow_up_follows_adds_edits_and_deletes_without_touching_the_version()
    {
        var sales = await api.NewUserAsync();
        var customer = await sales.Client.CreateCustomerAsync(new { name = "最后跟进" });
        Assert.Null(Last(customer));

        var march = await sales.Client.AddFollowUpAsync(customer.Id(), new { content = "三月", follow_up_at = "2025-03-01T10:00:00+08:00" });
        Assert.Equal("2025-03-01T10:00:00+08:00", Last(await CustomerAsync(sales.Client, customer.Id())));

        // A record logged late for an earlier date does not move it back.
        var january = await sales.Client.AddFollowUpAsync(customer.Id(), new { content = "一月补录", follow_up_at = "2025-01-01T10:00:00+08:00" });
        Assert.Equal("2025-03-01T10:00:00+08:00", Last(await CustomerAsync(sales.Client, customer.Id())));

        // Correcting the latest record's date moves it, in either direction.
        await sales.Client.PutJsonAsync($"/api/v1/sales/follow-ups/{march.Id()}", new { follow_up_at = "2025-04-02T09:00:00+08:00" }).OkJsonAsync();
        Assert.Equal("2025-04-02T09:00:00+08:00", Last(await CustomerAsync(sales.Client, customer.Id())));
        await sales.Client.PutJsonAsync($"/api/v1/sales/follow-ups/{march.Id()}", new { follow_up_at = "2024-12-01T09:00:00+08:00" }).OkJsonAsync();
        Assert.Equal("2025-01-01T10:00:00+08:00", Last(await CustomerAsync(sales.Client, customer.Id())));

        Assert.Equal(HttpStatusCode.NoContent, (await sales.Client.DeleteAsync($"/api/v1/sales/follow-ups/{january.Id()}")).StatusCode);
        Assert.Equal("2024-12-01T09:00:00+08:00", Last(await CustomerAsync(sales.Client, customer.Id())));
        Assert.Equal(HttpStatusCode.NoContent, (await sales.Client.DeleteAsync($"/api/v1/sales/follow-ups/{march.Id()}")).StatusCode);

        var after = await CustomerAsync(sales.Client, customer.Id());
        Assert.Null(Last(after));
        Assert.Equal(1, after["version"]!.GetValue<int>());
        Assert.Equal(customer.Str("updated_at"), after.Str("updated_at"));
    }

    [Fact]
    public async Task Logging_a_call_never_makes_a_colleagues_edit_conflict()
    {
        var customer = await api.Admin.CreateCustomerAsync(new { name = "不冲突" });
        await api.Admin.AddFollowUpAsync(customer.Id(), new { content = "同事打了电话" });

        var edit = await api.Admin.PutJsonAsync($"/api/v1/sales/customers/{customer.Id()}", new { industry = "医疗", version = 1 }).OkJsonAsync();

        Assert.Equal(2, edit["version"]!.GetValue<int>());
        Assert.NotNull(Last(edit));
    }

    [Fact]
    public async Task Parallel_follow_ups_leave_the_latest_time()
    {
        var customer = await api.Admin.CreateCustomerAsync(new { name = "并发跟进" });
        var days = Enumerable.Range(1, 12).ToArray();

        var responses = await Task.WhenAll(days.Select(d =>
            api.Admin.PostAsync($"/api/v1/sales/customers/{customer.Id()}/follow-ups", System.Net.Http.Json.JsonContent.Create(new { content = $"第{d}天", follow_up_at = $"2025-05-{d:00}T10:00:00+08:00" }))));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.Created, r.StatusCode));
        Assert.Equal("2025-05-12T10:00:00+08:00", Last(await CustomerAsync(api.Admin, customer.Id())));
    }

    [Fact]
    public async Task Not_followed_days_finds_customers_not_followed_for_that_long_never_followed_included()
    {
        var sales = await api.NewUserAsync();
        var never = await sales.Client.CreateCustomerAsync(new { name = "从未跟进" });
        var stale = await sales.Client.CreateCustomerAsync(new { name = "十天前" });
        var fresh = await sales.Client.CreateCustomerAsync(new { name = "两天前" });
        var now = DateTimeOffset.UtcNow;
        await sales.Client.AddFollowUpAsync(stale.Id(), new { content = "旧", follow_up_at = now.AddDays(-10).ToString("O") });
        await sales.Client.AddFollowUpAsync(fresh.Id(), new { content = "新", follow_up_at = now.AddDays(-2).ToString("O") });
        _ = never;

        var notFor5 = await sales.Client.GetJsonAsync("/api/v1/sales/customers?not_followed_days=5&order_by=last_follow_up_at&order_desc=false");
        Assert.Equal(["从未跟进", "十天前"], notFor5.Items().Strings("name"));

        Assert.Equal(["从未跟进"], (await sales.Client.GetJsonAsync("/api/v1/sales/customers?not_followed_days=30")).Items().Strings("name"));
        Assert.Equal(
            ["两天前", "十天前", "从未跟进"],
            (await sales.Client.GetJsonAsync("/api/v1/sales/customers?not_followed_days=1&order_by=last_follow_up_at&order_desc=true")).Items().Strings("name"));
        Assert.Equal(3, (await sales.Client.GetJsonAsync("/api/v1/sales/customers?not_followed_days=0"))["total"]!.GetValue<long>());
        await (await sales.Client.GetAsync("/api/v1/sales/customers?not_followed_days=-1")).AssertErrorAsync(HttpStatusCode.BadRequest);
    }
}
