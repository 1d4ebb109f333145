using System.Net;
using System.Net.Http.Json;
using Crm.Web.Tests.ImportExport;
using Crm.Web.Tests.Infrastructure;
using Crm.Web.Tests.Transfers;

namespace Crm.Web.Tests.Auth;

/// <summary>Every endpoint × {admin, owner, another salesperson, anonymous} (SPEC §3.6).</summary>
[Collection("api")]
public sealed class PermissionMatrixTests(ApiFixture api)
{
    // Signing users in costs a password hash each; one owner and one outsider serve every case,
    // and each case works on a customer of its own.
    private static readonly SemaphoreSlim UsersGate = new(1, 1);
    private static (TestUser Owner, TestUser Other)? _users;

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

        Add("POST /api/v1/sales/customers/{id}/contacts", 201, 201, 404, 401);
        Add("GET /api/v1/sales/customers/{id}/contacts", 200, 200, 404, 401);
        Add("GET /api/v1/sales/contacts", 200, 200, 200, 401);
        Add("GET /api/v1/sales/contacts/birthdays", 200, 200, 200, 401);
        Add("GET /api/v1/sales/contacts/{contact}", 200, 200, 404, 401);
        Add("PUT /api/v1/sales/contacts/{contact}", 200, 200, 404, 401);
        Add("DELETE /api/v1/sales/contacts/{contact}", 204, 204, 404, 401);
        Add("POST /api/v1/sales/contacts/{contact}/set-primary", 200, 200, 404, 401);

        Add("GET /api/v1/sales/customer-tags/predefined", 200, 200, 200, 401);
        Add("GET /api/v1/sales/customer-tags", 200, 200, 200, 401);
        Add("POST /api/v1/sales/customer-tags/rename", 200, 403, 403, 401);
        Add("DELETE /api/v1/sales/customer-tags?tag_name={tagname}", 200, 403, 403, 401);
        Add("POST /api/v1/sales/customers/{id}/tags", 201, 201, 404, 401);
        Add("POST /api/v1/sales/customers/{id}/tags/batch", 201, 201, 404, 401);
        Add("GET /api/v1/sales/customers/{id}/tags", 200, 200, 404, 401);
        Add("DELETE /api/v1/sales/customers/{id}/tags/{tag}", 204, 204, 404, 401);
        Add("DELETE /api/v1/sales/customers/{id}/tags?tag_name={tagname}", 204, 204, 404, 401);
        Add("POST /api/v1/sales/customers/tags/bulk", 200, 200, 404, 401);
        Add("DELETE /api/v1/sales/customers/tags/bulk", 200, 200, 404, 401);

        Add("POST /api/v1/sales/customers/{id}/follow-ups", 201, 201, 404, 401);
        Add("GET /api/v1/sales/customers/{id}/follow-ups", 200, 200, 404, 401);
        Add("GET /api/v1/sales/follow-ups/{followup}", 200, 200, 404, 401);
        Add("PUT /api/v1/sales/follow-ups/{followup}", 200, 200, 404, 401);
        Add("DELETE /api/v1/sales/follow-ups/{followup}", 204, 204, 404, 401);

        Add("GET /api/v1/sales/customers/{id}/history", 200, 200, 404, 401);
        Add("GET /api/v1/audit", 200, 403, 403, 401);
        Add("POST /api/v1/sales/customers/{id}/transfer", 200, 202, 404, 401);
        Add("GET /api/v1/sales/transfer-requests", 200, 200, 200, 401);
        Add("POST /api/v1/sales/transfer-requests/{request}/approve", 200, 403, 403, 401);
        Add("POST /api/v1/sales/transfer-requests/{request}/reject", 200, 403, 403, 401);
        Add("POST /api/v1/sales/transfer-requests/{request}/cancel", 403, 200, 404, 401);
        Add("POST /api/v1/sales/customers/reassign", 200, 403, 403, 401);

        Add("GET /api/v1/sales/workbench", 200, 200, 200, 401);
        Add("GET /api/v1/sales/list-views", 200, 200, 200, 401);
        Add("POST /api/v1/sales/list-views", 201, 201, 201, 401);
        Add("GET /api/v1/sales/list-views/{view}", 404, 200, 404, 401);
        Add("PUT /api/v1/sales/list-views/{view}", 404, 200, 404, 401);
        Add("DELETE /api/v1/sales/list-views/{view}", 404, 204, 404, 401);
        Add("GET /api/v1/sales/list-columns/customers", 200, 200, 200, 401);
        Add("PUT /api/v1/sales/list-columns/customers", 200, 200, 200, 401);
        Add("GET /api/v1/sales/customers/duplicates?name=权限矩阵客户", 200, 200, 200, 401);

        // Import and export (issue 10): every signed-in user imports and exports their own scope; an import is seen,
        // read back and undone by the one who ran it and by admins.
        Add("GET /api/v1/sales/customers/import-template", 200, 200, 200, 401);
        Add("GET /api/v1/sales/contacts/import-template", 200, 200, 200, 401);
        Add("POST /api/v1/sales/customers/import?dry_run=true", 200, 200, 200, 401);
        Add("POST /api/v1/sales/customers/import", 200, 200, 200, 401);
        Add("POST /api/v1/sales/contacts/import?dry_run=true", 200, 200, 200, 401);
        Add("GET /api/v1/sales/customers/export?format=csv", 200, 200, 200, 401);
        Add("GET /api/v1/sales/contacts/export?format=xlsx", 200, 200, 200, 401);
        Add("GET /api/v1/sales/imports", 200, 200, 200, 401);
        Add("GET /api/v1/sales/imports/{import}", 200, 200, 404, 401);
        Add("GET /api/v1/sales/imports/{failedimport}/errors.xlsx", 200, 200, 404, 401);
        Add("POST /api/v1/sales/imports/{import}/revert", 200, 200, 404, 401);

        // Backups are the admin's (decision 0026); an admin taking one is covered by BackupsApiTests (its own folder).
        Add("GET /api/v1/admin/backups", 200, 403, 403, 401);
        Add("GET /api/v1/admin/backups/status", 200, 403, 403, 401);
        Add("GET /api/v1/admin/backups/crm-20200101T000000Z.db", 404, 403, 403, 401);
        Add("DELETE /api/v1/admin/backups/crm-20200101T000000Z.db", 404, 403, 403, 401);
        data.Add("POST /api/v1/admin/backups", Caller.Owner, 403);
        data.Add("POST /api/v1/admin/backups", Caller.OtherSales, 403);
        data.Add("POST /api/v1/admin/backups", Caller.Anonymous, 401);
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Endpoint_answers_each_caller_as_the_rules_say(string endpoint, Caller caller, int expected)
    {
        var (owner, other) = await UsersAsync();
        var customer = await owner.Client.CreateCustomerAsync(new { name = "权限矩阵客户" });
        var tagName = RecordHelpers.UniqueTag("矩阵");
        var contact = await owner.Client.CreateContactAsync(customer.Id(), new { name = "矩阵联系人" });
        var tag = await owner.Client.AddTagAsync(customer.Id(), tagName);
        var followUp = await owner.Client.AddFollowUpAsync(customer.Id(), new { content = "矩阵跟进" });
        var request = endpoint.Contains("{request}") ? await owner.Client.RequestTransferAsync(customer.Id(), other.Id) : null;
        var view = endpoint.Contains("{view}")
            ? await owner.Client.PostCreatedAsync("/api/v1/sales/list-views", new { list = "customers", name = "矩阵视图" + Guid.NewGuid().ToString("N")[..8], query = "status=lost", columns = new[] { "name" } })
            : null;
        var import = endpoint.Contains("{import}")
            ? await owner.Client.ImportAsync(Sheets.Xlsx(["客户名称"], ["矩阵导入" + Guid.NewGuid().ToString("N")[..8]]))
            : null;
        var failedImport = endpoint.Contains("{failedimport}")
            ? await owner.Client.ImportAsync(Sheets.Xlsx(["客户名称", "客户状态"], ["矩阵导入错误", "不存在的状态"]))
            : null;
        var client = caller switch
        {
            Caller.Admin => api.Admin,
            Caller.Owner => owner.Client,
            Caller.OtherSales => other.Client,
            _ => api.Anonymous(),
        };

        var parts = endpoint.Split(' ');
        var url = parts[1]
            .Replace("{id}", customer.Id().ToString())
            .Replace("{user}", owner.Id.ToString())
            .Replace("{contact}", contact.Id().ToString())
            .Replace("{tag}", tag.Id().ToString())
            .Replace("{tagname}", Uri.EscapeDataString(tagName))
            .Replace("{followup}", followUp.Id().ToString())
            .Replace("{request}", request?.Id().ToString())
            .Replace("{view}", view?.Id().ToString())
            .Replace("{import}", import?["import_id"]!.ToString())
            .Replace("{failedimport}", failedImport?["import_id"]!.ToString());
        var path = url.Split('?')[0];
        var bulkBody = new { customer_ids = new[] { customer.Id() }, tag_names = new[] { tagName } };
        var response = parts[0] switch
        {
            "GET" => await client.GetAsync(url),
            "DELETE" when path.EndsWith("/tags/bulk") => await client.DeleteJsonAsync(url, bulkBody),
            "DELETE" => await client.DeleteAsync(url),
            "PUT" when path.Contains("/users/") => await client.PutAsJsonAsync(url, new { display_name = "改名" }),
            "PUT" when path.Contains("/contacts/") => await client.PutAsJsonAsync(url, new { name = "改名联系人" }),
            "PUT" when path.Contains("/follow-ups/") => await client.PutAsJsonAsync(url, new { content = "改过的跟进" }),
            "PUT" when path.Contains("/list-views/") => await client.PutAsJsonAsync(url, new { list = "customers", name = "改名视图" + Guid.NewGuid().ToString("N")[..8], query = "customer_level=A", columns = new[] { "name" } }),
            "PUT" when path.Contains("/list-columns/") => await client.PutAsJsonAsync(url, new { columns = new[] { "name", "status" } }),
            "PUT" => await client.PutAsJsonAsync(url, new { industry = "改行业" }),
            "POST" when path.EndsWith("/users") => await client.PostAsJsonAsync(url, new { username = "u" + Guid.NewGuid().ToString("N")[..10], password = "Password#1" }),
            "POST" when path.EndsWith("/contacts") => await client.PostAsJsonAsync(url, new { name = "新联系人" }),
            "POST" when path.EndsWith("/set-primary") => await client.PostAsync(url, null),
            "POST" when path.EndsWith("/customer-tags/rename") => await client.PostAsJsonAsync(url, new { from = tagName, to = RecordHelpers.UniqueTag("改名") }),
            "POST" when path.EndsWith("/tags") => await client.PostAsJsonAsync(url, new { tag_name = "新客户" }),
            "POST" when path.EndsWith("/tags/batch") => await client.PostAsJsonAsync(url, new { tag_names = new[] { "新客户", "长期合作" } }),
            "POST" when path.EndsWith("/tags/bulk") => await client.PostAsJsonAsync(url, new { customer_ids = new[] { customer.Id() }, tag_names = new[] { "高价值客户" } }),
            "POST" when path.EndsWith("/follow-ups") => await client.PostAsJsonAsync(url, new { content = "新跟进" }),
            "POST" when path.EndsWith("/transfer") => await client.PostAsJsonAsync(url, new { to_user_id = other.Id, reason = "矩阵转移" }),
            "POST" when path.EndsWith("/reassign") => await client.PostAsJsonAsync(url, new { customer_ids = new[] { customer.Id() }, to_user_id = other.Id }),
            "POST" when path.Contains("/transfer-requests/") && !path.EndsWith("/cancel") => await client.PostAsJsonAsync(url, new { comment = "矩阵审批" }),
            "POST" when path.EndsWith("/cancel") => await client.PostAsync(url, null),
            "POST" when path.EndsWith("/list-views") => await client.PostAsJsonAsync(url, new { list = "customers", name = "新视图" + Guid.NewGuid().ToString("N")[..8], query = "", columns = new[] { "name" } }),
            "POST" when path.EndsWith("/customers/import") => await client.UploadAsync(Sheets.Xlsx(["客户名称"], ["矩阵导入" + Guid.NewGuid().ToString("N")[..8]]), url.Split('?').ElementAtOrDefault(1) ?? ""),
            "POST" when path.EndsWith("/contacts/import") => await client.UploadAsync(Sheets.Xlsx(["客户编号", "姓名*"], [customer.Str("customer_code"), "矩阵导入联系人"]), url.Split('?')[1], url: "/api/v1/sales/contacts/import"),
            "POST" when path.EndsWith("/revert") || path.EndsWith("/admin/backups") => await client.PostAsync(url, null),
            _ => await client.PostAsJsonAsync(url, new { name = "新客户" }),
        };

        var body = await response.Content.ReadAsStringAsync();
        Assert.True((int)response.StatusCode == expected, $"{endpoint} as {caller}: expected {expected}, got {(int)response.StatusCode} {body}");
        if (expected >= 400)
        {
            Assert.Contains("\"detail\"", body);
        }

        if (expected is 403 or 404 && parts[0] != "GET")
        {
            // The refused attempt changed nothing the owner can see.
            var after = await owner.Client.GetJsonAsync($"/api/v1/sales/customers/{customer.Id()}");
            Assert.Null(after["industry"]);
            Assert.Equal([tagName], after["tags"]!.AsArray().Select(t => t!.GetValue<string>()));
            var contacts = await owner.Client.GetJsonAsync($"/api/v1/sales/customers/{customer.Id()}/contacts");
            Assert.Equal(["矩阵联系人"], contacts.Strings("name"));
            Assert.False(contacts[0]!.Bool("is_primary"));
            var followUps = await owner.Client.GetJsonAsync($"/api/v1/sales/customers/{customer.Id()}/follow-ups");
            Assert.Equal(["矩阵跟进"], followUps.Strings("content"));
            Assert.Equal(owner.Id, after.Long("sales_owner_id"));
            Assert.DoesNotContain((await owner.Client.GetJsonAsync("/api/v1/sales/transfer-requests?status=approved")).Items(), i => i!.Long("customer_id") == customer.Id());
            if (request is not null)
            {
                Assert.Equal("pending", (await api.StoredRequestAsync(request.Id())).Status);
            }
        }
    }

    private async Task<(TestUser Owner, TestUser Other)> UsersAsync()
    {
        await UsersGate.WaitAsync();
        try
        {
            return _users ??= (await api.NewUserAsync(), await api.NewUserAsync());
        }
        finally
        {
            UsersGate.Release();
        }
    }

    [Fact]
    public async Task Unknown_route_is_404_and_wrong_method_is_405_with_detail()
    {
        await (await api.Admin.GetAsync("/api/v1/nothing-here")).AssertErrorAsync(HttpStatusCode.NotFound);
        await (await api.Admin.PatchAsync("/api/v1/sales/customers/1", null)).AssertErrorAsync(HttpStatusCode.MethodNotAllowed);
        await (await api.Admin.PatchAsync("/api/v1/sales/contacts/1", null)).AssertErrorAsync(HttpStatusCode.MethodNotAllowed);
        await (await api.Admin.PatchAsync("/api/v1/sales/follow-ups/1", null)).AssertErrorAsync(HttpStatusCode.MethodNotAllowed);
    }
}
