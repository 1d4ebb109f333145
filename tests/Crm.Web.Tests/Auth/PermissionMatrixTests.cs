using System.Net;
using System.Net.Http.Json;
using Crm.Web.Tests.Infrastructure;

namespace Crm.Web.Tests.Auth;

/// <summary>Every endpoint × {admin, owner, another salesperson, anonymous} (SPEC §3.6).</summary>
[Collection("api")]
public sealed class PermissionMatrixTests(ApiFixture api)
{
    public enum Caller
    {
        Admin,
        Owner,
        OtherSales,
        Anonymous,
    }

    public static TheoryData<string, Caller, int> Cases()
    {
        var data = new TheoryData<string, Caller, int>();
        void Add(string endpoint, int admin, int owner, int other, int anonymous)
        {
            data.Add(endpoint, Caller.Admin, admin);
            data.Add(endpoint, Caller.Owner, owner);
            data.Add(endpoint, Caller.OtherSales, other);
            data.Add(endpoint, Caller.Anonymous, anonymous);
        }

        Add("POST /api/v1/sales/customers", 201, 201, 201, 401);
        Add("GET /api/v1/sales/customers", 200, 200, 200, 401);
        Add("GET /api/v1/sales/customers/stats", 200, 200, 200, 401);
        Add("GET /api/v1/sales/customers/{id}", 200, 200, 404, 401);
        Add("PUT /api/v1/sales/customers/{id}", 200, 200, 404, 401);
        Add("DELETE /api/v1/sales/customers/{id}", 204, 204, 404, 401);
        Add("GET /api/v1/users", 200, 403, 403, 401);
        Add("POST /api/v1/users", 201, 403, 403, 401);
        Add("GET /api/v1/users/{user}", 200, 403, 403, 401);
        Add("PUT /api/v1/users/{user}", 200, 403, 403, 401);
        Add("GET /api/v1/auth/me", 200, 200, 200, 401);
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Endpoint_answers_each_caller_as_the_rules_say(string endpoint, Caller caller, int expected)
    {
        var owner = await api.NewUserAsync();
        var other = await api.NewUserAsync();
        var customer = await owner.Client.CreateCustomerAsync(new { name = "权限矩阵客户" });
        var client = caller switch
        {
            Caller.Admin => api.Admin,
            Caller.Owner => owner.Client,
            Caller.OtherSales => other.Client,
            _ => api.Anonymous(),
        };

        var parts = endpoint.Split(' ');
        var url = parts[1].Replace("{id}", customer.Id().ToString()).Replace("{user}", owner.Id.ToString());
        var response = parts[0] switch
        {
            "GET" => await client.GetAsync(url),
            "DELETE" => await client.DeleteAsync(url),
            "PUT" when url.Contains("/users/") => await client.PutAsJsonAsync(url, new { display_name = "改名" }),
            "PUT" => await client.PutAsJsonAsync(url, new { industry = "改行业" }),
            "POST" when url.EndsWith("/users") => await client.PostAsJsonAsync(url, new { username = "u" + Guid.NewGuid().ToString("N")[..10], password = "Password#1" }),
            _ => await client.PostAsJsonAsync(url, new { name = "新客户" }),
        };

        var body = await response.Content.ReadAsStringAsync();
        Assert.True((int)response.StatusCode == expected, $"{endpoint} as {caller}: expected {expected}, got {(int)response.StatusCode} {body}");
        if (expected >= 400)
        {
            Assert.Contains("\"detail\"", body);
        }

        if (expected == 404 && parts[0] != "GET")
        {
            // The other salesperson's attempt changed nothing.
            var after = await owner.Client.GetJsonAsync($"/api/v1/sales/customers/{customer.Id()}");
            Assert.Null(after["industry"]);
        }
    }

    [Fact]
    public async Task Unknown_route_is_404_and_wrong_method_is_405_with_detail()
    {
        await (await api.Admin.GetAsync("/api/v1/nothing-here")).AssertErrorAsync(HttpStatusCode.NotFound);
        await (await api.Admin.PatchAsync("/api/v1/sales/customers/1", null)).AssertErrorAsync(HttpStatusCode.MethodNotAllowed);
    }
}
