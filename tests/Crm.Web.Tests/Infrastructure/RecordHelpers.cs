using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace Crm.Web.Tests.Infrastructure;

/// <summary>Helpers for the records that hang off a customer: contacts, tags, follow-ups.</summary>
public static class RecordHelpers
{
    /// <summary>POSTs and expects 201; fails the test with the server's message otherwise.</summary>
    public static async Task<JsonNode> PostCreatedAsync(this HttpClient client, string url, object body)
    {
        var response = await client.PostAsJsonAsync(url, body);
        var json = await response.ReadJsonAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"POST {url} → {(int)response.StatusCode}: {json}");
        return json;
    }

    /// <summary>Sends a request that expects 200 and returns its body.</summary>
    public static async Task<JsonNode> OkJsonAsync(this Task<HttpResponseMessage> request)
    {
        var response = await request;
        var json = await response.ReadJsonAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri} → {(int)response.StatusCode}: {json}");
        return json;
    }

    public static Task<JsonNode> CreateContactAsync(this HttpClient client, long customerId, object body) =>
        client.PostCreatedAsync($"/api/v1/sales/customers/{customerId}/contacts", body);

    public static Task<JsonNode> AddFollowUpAsync(this HttpClient client, long customerId, object body) =>
        client.PostCreatedAsync($"/api/v1/sales/customers/{customerId}/follow-ups", body);

    public static Task<JsonNode> AddTagAsync(this HttpClient client, long customerId, string tagName) =>
        client.PostCreatedAsync($"/api/v1/sales/customers/{customerId}/tags", new { tag_name = tagName });

    /// <summary>DELETE with a JSON body (bulk untagging).</summary>
    public static Task<HttpResponseMessage> DeleteJsonAsync(this HttpClient client, string url, object body) =>
        client.SendAsync(new HttpRequestMessage(HttpMethod.Delete, url) { Content = JsonContent.Create(body) });

    public static JsonArray Items(this JsonNode page) => page["items"]!.AsArray();

    public static string[] Strings(this JsonNode array, string field) => array.AsArray().Select(i => i!.Str(field)).ToArray();

    public static long Long(this JsonNode node, string field) => node[field]!.GetValue<long>();

    public static bool Bool(this JsonNode node, string field) => node[field]!.GetValue<bool>();

    /// <summary>A tag name no other test uses (tags are shared by the whole suite's database), at most 20 characters.</summary>
    public static string UniqueTag(string prefix) => prefix + Guid.NewGuid().ToString("N")[..(20 - prefix.Length)];
}
