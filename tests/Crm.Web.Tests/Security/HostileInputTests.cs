using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Crm.Web.Data;
using Crm.Web.Tests.Infrastructure;
using Crm.Web.Tests.Transfers;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Web.Tests.Security;

/// <summary>
/// The hostile-input corpus (issue 12, decision 0028): every write endpoint that reads a JSON body × every kind of
/// hostile input. A refusal is a 4xx with a detail that changes nothing; text that is merely unusual (emoji, SQL or
/// script fragments, path traversal) is stored exactly as sent where the field is free text and refused by the
/// field's own rule where it has one. Never a 500. A new endpoint is one line in <see cref="Endpoints"/>.
/// </summary>
[Collection("api")]
public sealed class HostileInputTests(ApiFixture api)
{
    private const string Raw = "__RAW__";

    /// <summary>
    /// What each endpoint takes: a valid body; a required single-line text (refusals are aimed at it); a free text
    /// (unusual but acceptable text must come back unchanged); a field with a format of its own (null: none); a number
    /// field (null: none, the text field gets the number). List fields hold the value as their one item.
    /// </summary>
    public static readonly WriteEndpoint[] Endpoints =
    [
        new("auth.login", "POST", _ => "/api/v1/auth/login", _ => new() { ["username"] = "nobody_" + Unique(), ["password"] = "wrong-password" },
            Required: "username", Free: "username", Constrained: null, Number: null, Accepted: HttpStatusCode.Unauthorized, Anonymous: true),
        new("users.create", "POST", _ => "/api/v1/users", _ => new() { ["username"] = "u" + Unique(), ["display_name"] = "张三", ["role"] = "sales", ["password"] = "Secret#2026" },
            Required: "username", Free: "display_name", Constrained: "role", Number: null, Accepted: HttpStatusCode.Created),
        new("users.update", "PUT", t => $"/api/v1/users/{t.UserId}", _ => new() { ["display_name"] = "李四" },
            Required: "display_name", Free: "display_name", Constrained: "role", Number: null, Accepted: HttpStatusCode.OK),
        new("customers.create", "POST", _ => "/api/v1/sales/customers", _ => new() { ["name"] = "星河科技" },
            Required: "name", Free: "address", Constrained: "customer_code", Number: "account_period", Accepted: HttpStatusCode.Created),
        new("customers.update", "PUT", t => $"/api/v1/sales/customers/{t.CustomerId}", _ => new() { ["name"] = "星河科技二期" },
            Required: "name", Free: "address", Constrained: "website", Number: "cooperation_years", Accepted: HttpStatusCode.OK),
        new("contacts.create", "POST", t => $"/api/v1/sales/customers/{t.CustomerId}/contacts", _ => new() { ["name"] = "王五" },
            Required: "name", Free: "notes", Constrained: "email", Number: null, Accepted: HttpStatusCode.Created),
        new("contacts.update", "PUT", t => $"/api/v1/sales/contacts/{t.ContactId}", _ => new() { ["name"] = "王五" },
            Required: "name", Free: "hobbies", Constrained: "mobile", Number: null, Accepted: HttpStatusCode.OK),
        new("follow_ups.create", "POST", t => $"/api/v1/sales/customers/{t.CustomerId}/follow-ups", _ => new() { ["content"] = "电话沟通报价", ["method"] = "phone" },
            Required: "content", Free: "content", Constrained: "method", Number: "contact_id", Accepted: HttpStatusCode.Created),
        new("follow_ups.update", "PUT", t => $"/api/v1/sales/follow-ups/{t.FollowUpId}", _ => new() { ["content"] = "改为拜访" },
            Required: "content", Free: "content", Constrained: "next_follow_up_at", Number: "contact_id", Accepted: HttpStatusCode.OK),
        new("tags.add", "POST", t => $"/api/v1/sales/customers/{t.CustomerId}/tags", _ => new() { ["tag_name"] = "重点客户" },
            Required: "tag_name", Free: "tag_name", Constrained: null, Number: null, Accepted: HttpStatusCode.Created),
        new("tags.batch", "POST", t => $"/api/v1/sales/customers/{t.CustomerId}/tags/batch", _ => new() { ["tag_names"] = new JsonArray("新客户") },
            Required: "tag_names[]", Free: "tag_names[]", Constrained: null, Number: null, Accepted: HttpStatusCode.Created),
        new("tags.bulk_add", "POST", _ => "/api/v1/sales/customers/tags/bulk", t => new() { ["customer_ids"] = new JsonArray(t.CustomerId), ["tag_names"] = new JsonArray("长期合作") },
            Required: "tag_names[]", Free: "tag_names[]", Constrained: null, Number: "customer_ids[]", Accepted: HttpStatusCode.OK),
        new("tags.bulk_remove", "DELETE", _ => "/api/v1/sales/customers/tags/bulk", t => new() { ["customer_ids"] = new JsonArray(t.CustomerId), ["tag_names"] = new JsonArray(t.TagName) },
            Required: "tag_names[]", Free: "tag_names[]", Constrained: null, Number: "customer_ids[]", Accepted: HttpStatusCode.OK),
        new("tags.rename", "POST", _ => "/api/v1/sales/customer-tags/rename", t => new() { ["from"] = t.TagName, ["to"] = "改名" + Unique()[..8] },
            Required: "to", Free: "to", Constrained: null, Number: null, Accepted: HttpStatusCode.OK),
        new("transfers.transfer", "POST", t => $"/api/v1/sales/customers/{t.CustomerId}/transfer", t => new() { ["to_user_id"] = t.UserId, ["reason"] = "片区调整" },
            Required: "reason", Free: "reason", Constrained: null, Number: "to_user_id", Accepted: HttpStatusCode.OK, OptionalText: true),
        new("transfers.approve", "POST", t => $"/api/v1/sales/transfer-requests/{t.RequestId}/approve", _ => new() { ["comment"] = "同意" },
            Required: "comment", Free: "comment", Constrained: null, Number: null, Accepted: HttpStatusCode.OK, OptionalText: true),
        new("transfers.reject", "POST", t => $"/api/v1/sales/transfer-requests/{t.RequestId}/reject", _ => new() { ["comment"] = "不同意" },
            Required: "comment", Free: "comment", Constrained: null, Number: null, Accepted: HttpStatusCode.OK, OptionalText: true),
        new("transfers.reassign", "POST", _ => "/api/v1/sales/customers/reassign", t => new() { ["customer_ids"] = new JsonArray(t.CustomerId), ["to_user_id"] = t.UserId },
            Required: "to_user_id", Free: null, Constrained: null, Number: "customer_ids[]", Accepted: HttpStatusCode.OK),
        new("auth.me", "PATCH", _ => "/api/v1/auth/me", _ => new() { ["display_name"] = "自助改名" },
            Required: "display_name", Free: "display_name", Constrained: null, Number: null, Accepted: HttpStatusCode.OK, AsTargetUser: true),
        new("auth.password", "POST", _ => "/api/v1/auth/password", t => new() { ["current_password"] = t.UserPassword, ["new_password"] = "Changed#" + Unique() },
            Required: "new_password", Free: null, Constrained: null, Number: null, Accepted: HttpStatusCode.OK, AsTargetUser: true),
        new("list_views.create", "POST", _ => "/api/v1/sales/list-views", _ => new() { ["list"] = "customers", ["name"] = "我的视图" + Unique()[..6], ["query"] = "status=customer", ["columns"] = new JsonArray("name", "status") },
            Required: "name", Free: "name", Constrained: "list", Number: null, Accepted: HttpStatusCode.Created, AsTargetUser: true),
        new("list_views.update", "PUT", t => $"/api/v1/sales/list-views/{t.ViewId}", _ => new() { ["list"] = "customers", ["name"] = "改名视图" + Unique()[..6], ["query"] = "customer_level=A", ["columns"] = new JsonArray("name") },
            Required: "name", Free: "name", Constrained: "columns[]", Number: null, Accepted: HttpStatusCode.OK, AsTargetUser: true),
        new("list_columns.save", "PUT", _ => "/api/v1/sales/list-columns/customers", _ => new() { ["columns"] = new JsonArray("name", "status") },
            Required: "columns[]", Free: null, Constrained: "columns[]", Number: null, Accepted: HttpStatusCode.OK, AsTargetUser: true),
    ];

    /// <summary>The kinds of hostile input, each turning a valid body into a hostile one.</summary>
    public static readonly HostileCase[] Cases =
    [
        HostileCase.Refused("huge_string", (e, b) => Set(b, e.Required, new string('长', 70_000))),
        HostileCase.Refused("2mb_body", (e, b) => b["padding"] = new string('x', 2 * 1024 * 1024)),
        HostileCase.Refused("control_chars", (e, b) => Set(b, e.Required, "红色\u001b[31m警告\u0007")),
        HostileCase.Refused("nul", (e, b) => Set(b, e.Required, "星河\u0000科技")),
        HostileCase.Refused("line_break_in_one_line", (e, b) => Set(b, e.Required == "content" ? "method" : e.Required, "第一行\r\n第二行")),
        HostileCase.Refused("lone_surrogate", (e, b) => Set(b, e.Required, Raw), raw: "\"ab\\ud800cd\""),
        HostileCase.Refused("invalid_utf8", (e, b) => Set(b, e.Required, Raw), rawBytes: [(byte)'"', (byte)'a', 0xC3, 0x28, 0xFF, (byte)'"']),
        HostileCase.Refused("bidi_override", (e, b) => Set(b, e.Required == "content" ? "method" : e.Required, "invoice\u202Efdp.exe")),
        HostileCase.Refused("invisible_only", (e, b) => Set(b, e.Required, "\u200b\ufeff\u200b"), onlyIf: e => !e.OptionalText),
        HostileCase.Refused("wrong_json_type", (e, b) => Set(b, e.Required, new JsonObject { ["nested"] = true })),
        HostileCase.Refused("deeply_nested_json", (e, b) => Set(b, e.Required, Raw), raw: new string('[', 200) + new string(']', 200)),
        HostileCase.Refused("duplicate_keys", (e, b) => b["__dup__"] = Raw, raw: null, duplicate: true),
        HostileCase.Refused("number_out_of_range", (e, b) => Set(b, e.Number ?? e.Required, Raw), raw: "1e400"),
        HostileCase.Refused("sql_in_formatted_field", (e, b) => Set(b, e.Constrained ?? e.Required, "x' OR '1'='1"), onlyIf: e => e.Constrained is not null),
        HostileCase.Refused("path_traversal_in_formatted_field", (e, b) => Set(b, e.Constrained ?? e.Required, "../../../etc/passwd"), onlyIf: e => e.Constrained is not null),
        HostileCase.Kept("emoji", "😀👍🏻🎉客户"),
        HostileCase.Kept("sql_fragment", "'; DROP TABLE--"),
        HostileCase.Kept("script_fragment", "<script>x</script>"),
        HostileCase.Kept("path_traversal", "..\\..\\etc/passwd"),
    ];

    public static TheoryData<string, string> Rows()
    {
        var rows = new TheoryData<string, string>();
        foreach (var endpoint in Endpoints)
        {
            foreach (var hostile in Cases.Where(c => c.OnlyIf(endpoint)))
            {
                rows.Add(endpoint.Name, hostile.Name);
            }
        }

        return rows;
    }

    [Theory]
    [MemberData(nameof(Rows))]
    public async Task Hostile_input_is_refused_with_a_reason_or_kept_exactly_never_a_500(string endpointName, string caseName)
    {
        var endpoint = Endpoints.Single(e => e.Name == endpointName);
        var hostile = Cases.Single(c => c.Name == caseName);
        var target = await NewTargetAsync();
        var client = endpoint.Anonymous ? api.Anonymous() : endpoint.AsTargetUser ? target.UserClient : api.Admin;

        var body = endpoint.Body(target);
        hostile.Apply(endpoint, body);
        var before = await SnapshotAsync(target);
        using var request = new HttpRequestMessage(new HttpMethod(endpoint.Method), endpoint.Url(target)) { Content = Content(body, hostile) };
        var response = await client.SendAsync(request);
        var json = await response.ReadJsonAsync();
        var status = (int)response.StatusCode;
        Assert.True(status != 500, $"{endpointName} × {caseName} → 500: {json}");

        if (hostile.Kind == CaseKind.Refused)
        {
            Assert.True(status is >= 400 and < 500 && status != 401, $"{endpointName} × {caseName}: expected a refusal, got {status}: {json}");
            Assert.False(string.IsNullOrWhiteSpace(json["detail"]?.GetValue<string>()), $"{endpointName} × {caseName}: no detail: {json}");
            Assert.Equal(before, await SnapshotAsync(target));
            return;
        }

        Assert.True(response.StatusCode == endpoint.Accepted, $"{endpointName} × {caseName}: expected {(int)endpoint.Accepted}, got {status}: {json}");
        if (StoredAt(endpoint, target, json) is { } url)
        {
            var stored = await (endpoint.Name.StartsWith("list_", StringComparison.Ordinal) ? target.UserClient : api.Admin).GetStringAsync(url);
            Assert.Contains(hostile.Text!, Strings(JsonNode.Parse(stored)));
        }
    }

    [Fact]
    public void Every_endpoint_that_takes_a_json_body_is_in_the_corpus()
    {
        // Every endpoint that reads a JSON body documents it with .Accepts<…>("application/json") (uploads take multipart).
        var declared = Directory.GetFiles(Path.Combine(RepoPaths.Root, "src", "Crm.Web", "Features"), "*.cs", SearchOption.AllDirectories)
            .Sum(file => System.Text.RegularExpressions.Regex.Count(File.ReadAllText(file), @"\.Accepts<[^>]+>\(""application/json""\)"));
        Assert.Equal(declared, Endpoints.Length);
    }

    /// <summary>Every string value in a JSON document.</summary>
    private static IEnumerable<string> Strings(JsonNode? node) => node switch
    {
        JsonObject o => o.SelectMany(p => Strings(p.Value)),
        JsonArray a => a.SelectMany(Strings),
        JsonValue v when v.TryGetValue<string>(out var text) => [text],
        _ => [],
    };

    private static string Unique() => Guid.NewGuid().ToString("N")[..12];

    /// <summary>Sets a field; "name[]" is a list field that gets the value as its only item.</summary>
    private static void Set(JsonObject body, string field, JsonNode? value)
    {
        if (field.EndsWith("[]", StringComparison.Ordinal))
        {
            body[field[..^2]] = new JsonArray(value);
        }
        else
        {
            body[field] = value;
        }
    }

    private static ByteArrayContent Content(JsonObject body, HostileCase hostile)
    {
        var text = body.ToJsonString();
        if (hostile.Duplicate)
        {
            // The first field again, after the original: {"a":1,"a":2}.
            var first = body.First();
            text = text.Replace($"\"__dup__\":\"{Raw}\"", $"{new JsonObject { [first.Key] = first.Value?.DeepClone() }.ToJsonString()[1..^1]}", StringComparison.Ordinal);
        }

        var bytes = Encoding.UTF8.GetBytes(text);
        var marker = Encoding.UTF8.GetBytes($"\"{Raw}\"");
        var replacement = hostile.RawBytes ?? (hostile.RawJson is null ? null : Encoding.UTF8.GetBytes(hostile.RawJson));
        if (replacement is not null)
        {
            var at = bytes.AsSpan().IndexOf(marker);
            bytes = [.. bytes[..at], .. replacement, .. bytes[(at + marker.Length)..]];
        }

        var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        return content;
    }

    /// <summary>Where the accepted text can be read back (a login and an untagging store nothing).</summary>
    private static string? StoredAt(WriteEndpoint endpoint, Target target, JsonNode response) => endpoint.Name switch
    {
        "auth.login" or "auth.password" or "list_columns.save" or "tags.bulk_remove" or "transfers.transfer" or "transfers.reassign" => null,
        "transfers.approve" or "transfers.reject" => $"/api/v1/sales/transfer-requests?status={(endpoint.Name == "transfers.approve" ? "approved" : "rejected")}&page_size=100",
        "users.create" => $"/api/v1/users/{response.Id()}",
        "users.update" or "auth.me" => $"/api/v1/users/{target.UserId}",
        "list_views.create" => $"/api/v1/sales/list-views/{response.Id()}",
        "list_views.update" => $"/api/v1/sales/list-views/{target.ViewId}",
        "customers.create" => $"/api/v1/sales/customers/{response.Id()}",
        "customers.update" => $"/api/v1/sales/customers/{target.CustomerId}",
        "contacts.create" => $"/api/v1/sales/contacts/{response.Id()}",
        "contacts.update" => $"/api/v1/sales/contacts/{target.ContactId}",
        "follow_ups.create" => $"/api/v1/sales/follow-ups/{response.Id()}",
        "follow_ups.update" => $"/api/v1/sales/follow-ups/{target.FollowUpId}",
        _ => $"/api/v1/sales/customers/{target.CustomerId}/tags",
    };

    /// <summary>A customer with a contact, a follow-up and a tag, and a sales user: what the endpoints write to.</summary>
    private async Task<Target> NewTargetAsync()
    {
        var customer = await api.Admin.CreateCustomerAsync(new { name = "靶子客户" + Unique() });
        var contact = await api.Admin.CreateContactAsync(customer.Id(), new { name = "联系人" });
        var followUp = await api.Admin.AddFollowUpAsync(customer.Id(), new { content = "初次电话" });
        var tag = RecordHelpers.UniqueTag("靶");
        await api.Admin.AddTagAsync(customer.Id(), tag);
        var user = await api.NewUserAsync();

        // A request waiting for a decision: the user's own customer, asked to go to the admin.
        var owned = await user.Client.CreateCustomerAsync(new { name = "待转移客户" + Unique() });
        var request = await user.Client.RequestTransferAsync(owned.Id(), api.AdminId, "片区调整");

        // A saved list view of the user's own.
        var view = await user.Client.PostCreatedAsync("/api/v1/sales/list-views", new { list = "customers", name = "靶子视图", query = "status=lost", columns = new[] { "name" } });
        return new Target(customer.Id(), contact.Id(), followUp.Id(), user.Id, tag, request.Id(), user.Password, user.Client, view.Id());
    }

    /// <summary>Row counts of every table a write endpoint touches, and the target records as the API shows them.</summary>
    private async Task<string> SnapshotAsync(Target target)
    {
        var factory = api.Factory.Services.GetRequiredService<IDbContextFactory<CrmDbContext>>();
        await using var db = await factory.CreateDbContextAsync();
        // Nothing stored and nothing audited: the audit trail's size is part of the snapshot.
        var counts = $"{await db.Users.CountAsync()}/{await db.Customers.CountAsync()}/{await db.Contacts.CountAsync()}/{await db.CustomerTags.CountAsync()}/{await db.FollowUps.CountAsync()}"
            + $"/{await db.TransferRequests.CountAsync(t => t.Status == Crm.Domain.Transfers.TransferStatus.Pending)}/{await db.AuditEntries.CountAsync()}"
            + $"/{await db.ListViews.CountAsync()}/{await db.ListColumnSettings.CountAsync()}";
        var records = await Task.WhenAll(
            api.Admin.GetStringAsync($"/api/v1/sales/customers/{target.CustomerId}"),
            api.Admin.GetStringAsync($"/api/v1/sales/contacts/{target.ContactId}"),
            api.Admin.GetStringAsync($"/api/v1/sales/follow-ups/{target.FollowUpId}"),
            api.Admin.GetStringAsync($"/api/v1/sales/customers/{target.CustomerId}/tags"),
            api.Admin.GetStringAsync($"/api/v1/users/{target.UserId}"),
            api.Admin.GetStringAsync("/api/v1/sales/customer-tags"),
            target.UserClient.GetStringAsync($"/api/v1/sales/list-views/{target.ViewId}"),
            target.UserClient.GetStringAsync("/api/v1/sales/list-columns/customers"));
        return counts + "\n" + string.Join("\n", records);
    }
}

/// <summary>What the endpoints write to; the sales user's own password and client for the self-service endpoints.</summary>
public sealed record Target(long CustomerId, long ContactId, long FollowUpId, long UserId, string TagName, long RequestId, string UserPassword, HttpClient UserClient, long ViewId);

public sealed record WriteEndpoint(
    string Name,
    string Method,
    Func<Target, string> Url,
    Func<Target, JsonObject> Body,
    string Required,
    string? Free,
    string? Constrained,
    string? Number,
    HttpStatusCode Accepted,
    bool Anonymous = false,
    bool OptionalText = false,
    bool AsTargetUser = false)
{
    public override string ToString() => Name;
}

public enum CaseKind
{
    Refused,
    Kept,
}

public sealed record HostileCase(string Name, CaseKind Kind, Action<WriteEndpoint, JsonObject> Apply, Func<WriteEndpoint, bool> OnlyIf)
{
    public string? RawJson { get; init; }
    public byte[]? RawBytes { get; init; }
    public bool Duplicate { get; init; }

    /// <summary>The acceptable text a Kept case stores.</summary>
    public string? Text { get; init; }

    public static HostileCase Refused(
        string name,
        Action<WriteEndpoint, JsonObject> apply,
        string? raw = null,
        byte[]? rawBytes = null,
        bool duplicate = false,
        Func<WriteEndpoint, bool>? onlyIf = null) =>
        new(name, CaseKind.Refused, apply, onlyIf ?? (_ => true)) { RawJson = raw, RawBytes = rawBytes, Duplicate = duplicate };

    /// <summary>Unusual but acceptable text in the endpoint's free-text field: stored and shown exactly as sent.</summary>
    public static HostileCase Kept(string name, string text) =>
        new(name, CaseKind.Kept, (e, b) => SetFree(e, b, text), e => e.Free is not null) { Text = text };

    private static void SetFree(WriteEndpoint endpoint, JsonObject body, string text)
    {
        var field = endpoint.Free!;
        JsonNode value = text;
        if (field.EndsWith("[]", StringComparison.Ordinal))
        {
            body[field[..^2]] = new JsonArray(value);
        }
        else
        {
            body[field] = value;
        }
    }
}
