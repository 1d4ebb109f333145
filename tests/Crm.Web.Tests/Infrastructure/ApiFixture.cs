using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Crm.Web.Tests.Infrastructure;

/// <summary>One app and database for the whole API suite; each test makes its own users and customers.</summary>
public sealed class ApiFixture : IAsyncLifetime
{
    private int _userCounter;

    public ApiFixture()
    {
        Factory = new CrmAppFactory();
    }

    /// <summary>For suites that need an app configured differently (xunit requires one public constructor).</summary>
    internal ApiFixture(CrmAppFactory factory)
    {
        Factory = factory;
    }

    public CrmAppFactory Factory { get; }

    public HttpClient Admin { get; private set; } = null!;

    public long AdminId { get; private set; }

    public async Task InitializeAsync()
    {
        Admin = await SignInAsync("admin", CrmAppFactory.AdminPassword);
        AdminId = (await Admin.GetJsonAsync("/api/v1/auth/me"))["id"]!.GetValue<long>();
    }

    public Task DisposeAsync()
    {
        Factory.Dispose();
        return Task.CompletedTask;
    }

    public HttpClient Anonymous() => Factory.CreateClient();

    public async Task<HttpClient> SignInAsync(string username, string password)
    {
        var client = Factory.CreateClient();
        var response = await client.PostAsJsonAsync("/api/v1/auth/login", new { username, password });
        var body = await response.ReadJsonAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"login failed: {body}");
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", body["access_token"]!.GetValue<string>());
        return client;
    }

    /// <summary>A new active user (sales by default), signed in.</summary>
    public async Task<TestUser> NewUserAsync(string role = "sales", string? displayName = null)
    {
        var n = Interlocked.Increment(ref _userCounter);
        var username = $"{role}{n}_{Guid.NewGuid():N}"[..20];
        const string password = "Secret#2026";
        var response = await Admin.PostAsJsonAsync("/api/v1/users", new { username, display_name = displayName ?? $"销售{n}", role, password });
        var body = await response.ReadJsonAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"create user failed: {body}");
        return new TestUser(body["id"]!.GetValue<long>(), username, password, await SignInAsync(username, password));
    }
}

public sealed record TestUser(long Id, string Username, string Password, HttpClient Client);

[CollectionDefinition("api")]
public sealed class ApiCollection : ICollectionFixture<ApiFixture>;

public static class HttpJson
{
    public static async Task<JsonNode> ReadJsonAsync(this HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        return string.IsNullOrEmpty(text) ? new JsonObject() : JsonNode.Parse(text)!;
    }

    public static async Task<JsonNode> GetJsonAsync(this HttpClient client, string url)
    {
        var response = await client.GetAsync(url);
        var body = await response.ReadJsonAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {url} → {(int)response.StatusCode}: {body}");
        return body;
    }

    public static Task<HttpResponseMessage> PostRawAsync(this HttpClient client, string url, string json) =>
        client.PostAsync(url, new StringContent(json, Encoding.UTF8, "application/json"));

    public static Task<HttpResponseMessage> PutRawAsync(this HttpClient client, string url, string json) =>
        client.PutAsync(url, new StringContent(json, Encoding.UTF8, "application/json"));

    public static Task<HttpResponseMessage> PutJsonAsync(this HttpClient client, string url, object body) =>
        client.PutAsJsonAsync(url, body);

    /// <summary>Creates a customer and returns it; fails the test with the server's message otherwise.</summary>
    public static async Task<JsonNode> CreateCustomerAsync(this HttpClient client, object body)
    {
        var response = await client.PostAsJsonAsync("/api/v1/sales/customers", body);
        var json = await response.ReadJsonAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"create customer → {(int)response.StatusCode}: {json}");
        return json;
    }

    public static async Task AssertErrorAsync(this HttpResponseMessage response, HttpStatusCode status, string? detailContains = null)
    {
        var body = await response.ReadJsonAsync();
        Assert.True(response.StatusCode == status, $"expected {(int)status}, got {(int)response.StatusCode}: {body}");
        var detail = body["detail"]?.GetValue<string>();
        Assert.False(string.IsNullOrWhiteSpace(detail), $"error without detail: {body}");
        if (detailContains is not null)
        {
            Assert.Contains(detailContains, detail);
        }
    }

    public static long Id(this JsonNode node) => node["id"]!.GetValue<long>();

    public static string Str(this JsonNode node, string field) => node[field]!.GetValue<string>();

    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web);
}
