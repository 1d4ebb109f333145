using System.Net;
using System.Net.Http.Json;
using Crm.Web.Tests.Infrastructure;

namespace Crm.Web.Tests.Customers;

/// <summary>Idempotency-Key on create: a repeat (a retry, a double submit) returns the first customer, never a second.</summary>
[Collection("api")]
public sealed class IdempotentCreateTests(ApiFixture api)
{
    [Fact]
    public async Task The_same_key_twice_returns_the_first_customer_and_creates_one()
    {
        var sales = await api.NewUserAsync();
        var key = NewKey();
        var name = "幂等创建" + key[..6] + "有限公司";

        var first = await PostAsync(sales.Client, key, new { name, industry = "汽车" });
        var second = await PostAsync(sales.Client, key, new { name, industry = "汽车" });

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.Created, second.StatusCode);
        var a = await first.ReadJsonAsync();
        var b = await second.ReadJsonAsync();
        Assert.Equal(a.Id(), b.Id());
        Assert.Equal(a.Str("customer_code"), b.Str("customer_code"));
        Assert.False(first.Headers.Contains("Idempotent-Replayed"));
        Assert.Equal("true", second.Headers.GetValues("Idempotent-Replayed").Single());
        Assert.Equal(1, await CountAsync(sales.Client, name));
    }

    [Fact]
    public async Task Concurrent_requests_with_one_key_create_one_customer_and_all_get_it()
    {
        var sales = await api.NewUserAsync();
        var key = NewKey();
        var name = "并发幂等" + key[..6] + "有限公司";

        var responses = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => PostAsync(sales.Client, key, new { name })));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.Created, r.StatusCode));
        var ids = new HashSet<long>();
        foreach (var response in responses)
        {
            ids.Add((await response.ReadJsonAsync()).Id());
        }

        Assert.Single(ids);
        Assert.Equal(1, await CountAsync(sales.Client, name));
    }

    [Fact]
    public async Task A_key_is_per_user_and_without_a_key_every_post_creates()
    {
        var one = await api.NewUserAsync();
        var other = await api.NewUserAsync();
        var key = NewKey();
        var name = "各自的键" + key[..6] + "有限公司";

        var a = await (await PostAsync(one.Client, key, new { name })).ReadJsonAsync();
        var b = await (await PostAsync(other.Client, key, new { name })).ReadJsonAsync();
        Assert.NotEqual(a.Id(), b.Id());

        await one.Client.CreateCustomerAsync(new { name });
        await one.Client.CreateCustomerAsync(new { name });
        Assert.Equal(3, await CountAsync(one.Client, name));
    }

    [Fact]
    public async Task A_failed_attempt_is_not_remembered_and_the_corrected_retry_creates()
    {
        var sales = await api.NewUserAsync();
        var key = NewKey();
        var name = "先错后对" + key[..6] + "有限公司";

        var failed = await PostAsync(sales.Client, key, new { name, website = "ftp://example.com" });
        await failed.AssertErrorAsync(HttpStatusCode.BadRequest);
        Assert.Equal(0, await CountAsync(sales.Client, name));

        var created = await PostAsync(sales.Client, key, new { name, website = "https://example.com" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal("https://example.com", (await created.ReadJsonAsync()).Str("website"));
    }

    [Fact]
    public async Task After_24_hours_the_same_key_creates_again()
    {
        var sales = await api.NewUserAsync();
        var key = NewKey();
        var name = "过期的键" + key[..6] + "有限公司";
        var start = new DateTimeOffset(2026, 3, 1, 2, 0, 0, TimeSpan.Zero);

        long first;
        using (api.Factory.Clock.Pin(start))
        {
            first = (await (await PostAsync(sales.Client, key, new { name })).ReadJsonAsync()).Id();
        }

        using (api.Factory.Clock.Pin(start.AddHours(23)))
        {
            Assert.Equal(first, (await (await PostAsync(sales.Client, key, new { name })).ReadJsonAsync()).Id());
        }

        using (api.Factory.Clock.Pin(start.AddHours(25)))
        {
            Assert.NotEqual(first, (await (await PostAsync(sales.Client, key, new { name })).ReadJsonAsync()).Id());
        }

        Assert.Equal(2, await CountAsync(sales.Client, name));
    }

    [Theory]
    [InlineData("中文键")]
    [InlineData("has space")]
    public async Task A_malformed_key_is_refused_and_nothing_is_created(string key)
    {
        var name = "坏的键" + NewKey()[..6] + "有限公司";
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/sales/customers") { Content = JsonContent.Create(new { name }) };
        request.Headers.TryAddWithoutValidation("Idempotency-Key", key);
        var response = await api.Admin.SendAsync(request);
        await response.AssertErrorAsync(HttpStatusCode.BadRequest, "Idempotency-Key");
        Assert.Equal(0, await CountAsync(api.Admin, name));
    }

    [Fact]
    public async Task A_key_longer_than_100_characters_is_refused()
    {
        var response = await PostAsync(api.Admin, new string('k', 101), new { name = "超长的键有限公司" });
        await response.AssertErrorAsync(HttpStatusCode.BadRequest, "Idempotency-Key");
    }

    private static string NewKey() => Guid.NewGuid().ToString("N");

    private static async Task<HttpResponseMessage> PostAsync(HttpClient client, string key, object body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/sales/customers") { Content = JsonContent.Create(body) };
        request.Headers.Add("Idempotency-Key", key);
        var response = await client.SendAsync(request);
        await response.Content.LoadIntoBufferAsync();
        return response;
    }

    private static async Task<int> CountAsync(HttpClient client, string name) =>
        (await client.GetJsonAsync("/api/v1/sales/customers?keyword=" + Uri.EscapeDataString(name)))["total"]!.GetValue<int>();
}
