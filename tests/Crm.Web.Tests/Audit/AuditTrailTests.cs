using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Crm.Web.Data;
using Crm.Web.Data.Audit;
using Crm.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Web.Tests.Audit;

/// <summary>The audit trail (SPEC §3.9, decision 0019): what each change records, and that it is written with the change or not at all.</summary>
[Collection("api")]
public sealed class AuditTrailTests(ApiFixture api)
{
    private IDbContextFactory<CrmDbContext> Db => api.Factory.Services.GetRequiredService<IDbContextFactory<CrmDbContext>>();

    [Fact]
    public async Task Customer_update_records_each_changed_field_old_and_new_in_api_form()
    {
        var owner = await api.NewUserAsync();
        var created = await owner.Client.CreateCustomerAsync(new { name = "审计客户", status = "prospect", annual_revenue = 800000.5, established_date = "2020-05-01" });
        var id = created.Id();

        await api.Admin.PutJsonAsync($"/api/v1/sales/customers/{id}", new { status = "customer", annual_revenue = 1_500_000, cooperation_years = 4, industry = "汽车" });

        var history = await owner.Client.GetJsonAsync($"/api/v1/sales/customers/{id}/history");
        Assert.Equal(2, history.Long("total"));
        var update = history.Items()[0]!;
        Assert.Equal("update", update.Str("action"));
        Assert.Equal("customer", update.Str("entity_type"));
        Assert.Equal(id, update.Long("entity_id"));
        Assert.Equal(id, update.Long("customer_id"));
        Assert.Equal(api.AdminId, update.Long("actor_id"));
        Assert.Equal((await api.Admin.GetJsonAsync("/api/v1/auth/me")).Str("display_name"), update.Str("actor_name"));
        var changes = update["changes"]!;
        Assert.Equal("prospect", changes["status"]!.Str("old"));
        Assert.Equal("customer", changes["status"]!.Str("new"));
        Assert.Equal(800000.5m, changes["annual_revenue"]!["old"]!.GetValue<decimal>());
        Assert.Equal(1500000m, changes["annual_revenue"]!["new"]!.GetValue<decimal>());
        Assert.Null(changes["industry"]!["old"]);
        Assert.Equal("汽车", changes["industry"]!.Str("new"));
        Assert.Equal("C", changes["customer_level"]!.Str("old"));
        Assert.Equal("A", changes["customer_level"]!.Str("new"));

        // Bookkeeping is not a change a person made; untouched fields are not listed.
        Assert.Equal(["annual_revenue", "cooperation_years", "customer_level", "industry", "status"], changes.AsObject().Select(p => p.Key).Order());

        var create = history.Items()[1]!;
        Assert.Equal("create", create.Str("action"));
        Assert.Equal(owner.Id, create.Long("actor_id"));
        Assert.Equal("审计客户", create["changes"]!["name"]!.Str("new"));
        Assert.Equal("2020-05-01", create["changes"]!["established_date"]!.Str("new"));
        Assert.Equal(created.Str("customer_code"), create["changes"]!["customer_code"]!.Str("new"));
        Assert.Equal(owner.Id, create["changes"]!["sales_owner_id"]!["new"]!.GetValue<long>());
    }

    [Fact]
    public async Task Contacts_tags_and_follow_ups_show_in_their_customers_history_newest_first()
    {
        var owner = await api.NewUserAsync();
        var id = (await owner.Client.CreateCustomerAsync(new { name = "子记录客户" })).Id();
        var first = await owner.Client.CreateContactAsync(id, new { name = "王经理", is_primary = true, birthday = "1980-02-03" });
        var second = await owner.Client.CreateContactAsync(id, new { name = "李总" });
        await owner.Client.PostAsync($"/api/v1/sales/contacts/{second.Id()}/set-primary", null).OkJsonAsync();
        await owner.Client.PutJsonAsync($"/api/v1/sales/contacts/{first.Id()}", new { mobile = "13800138000" });
        var tag = await owner.Client.AddTagAsync(id, "重点客户");
        Assert.Equal(HttpStatusCode.NoContent, (await owner.Client.DeleteAsync($"/api/v1/sales/customers/{id}/tags/{tag.Id()}")).StatusCode);
        var followUp = await owner.Client.AddFollowUpAsync(id, new { content = "电话沟通", method = "phone" });
        await owner.Client.PutJsonAsync($"/api/v1/sales/follow-ups/{followUp.Id()}", new { method = "visit" });
        Assert.Equal(HttpStatusCode.NoContent, (await owner.Client.DeleteAsync($"/api/v1/sales/follow-ups/{followUp.Id()}")).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await owner.Client.DeleteAsync($"/api/v1/sales/contacts/{first.Id()}")).StatusCode);

        var history = await owner.Client.GetJsonAsync($"/api/v1/sales/customers/{id}/history?page_size=100");
        var lines = history.Items().Select(e => $"{e!.Str("action")} {e!.Str("entity_type")} {e!.Long("entity_id")}").ToArray();
        Assert.Equal(
            [
                $"delete contact {first.Id()}",
                $"delete follow_up {followUp.Id()}",
                $"update follow_up {followUp.Id()}",
                $"create follow_up {followUp.Id()}",
                $"delete customer_tag {tag.Id()}",
                $"create customer_tag {tag.Id()}",
                $"update contact {first.Id()}",
                $"update contact {second.Id()}",
                $"update contact {first.Id()}",
                $"create contact {second.Id()}",
                $"create contact {first.Id()}",
                $"create customer {id}",
            ],
            lines);

        var items = history.Items();
        Assert.Equal("13800138000", items[6]!["changes"]!["mobile"]!.Str("new"));
        Assert.True(items[8]!["changes"]!["is_primary"]!["old"]!.GetValue<bool>());
        Assert.False(items[8]!["changes"]!["is_primary"]!["new"]!.GetValue<bool>());
        Assert.Equal("phone", items[2]!["changes"]!["method"]!.Str("old"));
        Assert.Equal("visit", items[2]!["changes"]!["method"]!.Str("new"));
        Assert.Equal("重点客户", items[4]!["snapshot"]!.Str("tag_name"));
        // The tag row's copy of its customer's creation time is the database's business, not a change anyone made.
        Assert.DoesNotContain("customer_created_at", items[4]!.ToJsonString(), StringComparison.Ordinal);
        Assert.DoesNotContain("customer_created_at", items[5]!.ToJsonString(), StringComparison.Ordinal);
        Assert.Equal("王经理", items[0]!["snapshot"]!.Str("name"));
        Assert.Equal("1980-02-03", items[0]!["snapshot"]!.Str("birthday"));
    }

    [Fact]
    public async Task Deleted_customer_keeps_its_last_snapshot_for_admins_and_its_history_is_gone_for_everyone()
    {
        var owner = await api.NewUserAsync();
        var customer = await owner.Client.CreateCustomerAsync(new { name = "将删除客户", credit_limit = 5000.25 });
        Assert.Equal(HttpStatusCode.NoContent, (await owner.Client.DeleteAsync($"/api/v1/sales/customers/{customer.Id()}")).StatusCode);

        await (await owner.Client.GetAsync($"/api/v1/sales/customers/{customer.Id()}/history")).AssertErrorAsync(HttpStatusCode.NotFound);
        var log = await api.Admin.GetJsonAsync($"/api/v1/audit?entity=customer&entity_id={customer.Id()}");
        Assert.Equal(["delete", "create"], log.Items().Strings("action"));
        var snapshot = log.Items()[0]!["snapshot"]!;
        Assert.Equal("将删除客户", snapshot.Str("name"));
        Assert.Equal(customer.Str("customer_code"), snapshot.Str("customer_code"));
        Assert.Equal(5000.25m, snapshot["credit_limit"]!.GetValue<decimal>());
        Assert.Equal(owner.Id, log.Items()[0]!.Long("actor_id"));
    }

    [Fact]
    public async Task User_changes_and_sign_ins_are_recorded_with_the_address_and_never_the_password()
    {
        var user = await api.NewUserAsync(displayName: "审计销售");
        Assert.Equal(HttpStatusCode.OK, (await api.Admin.PutJsonAsync($"/api/v1/users/{user.Id}", new { display_name = "改名销售", password = "Changed#2026" })).StatusCode);
        var wrong = await api.Anonymous().PostAsJsonAsync("/api/v1/auth/login", new { username = user.Username, password = "wrong-password" });
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        var unknown = "nobody_" + Guid.NewGuid().ToString("N")[..8];
        Assert.Equal(HttpStatusCode.Unauthorized, (await api.Anonymous().PostAsJsonAsync("/api/v1/auth/login", new { username = unknown, password = "whatever1" })).StatusCode);
        await api.SignInAsync(user.Username, "Changed#2026");

        var userLog = await api.Admin.GetJsonAsync($"/api/v1/audit?entity=user&entity_id={user.Id}");
        Assert.Equal(["update", "create"], userLog.Items().Strings("action"));
        var update = userLog.Items()[0]!["changes"]!;
        Assert.Equal("审计销售", update["display_name"]!.Str("old"));
        Assert.Equal("改名销售", update["display_name"]!.Str("new"));
        Assert.Equal("***", update["password"]!.Str("new"));
        Assert.DoesNotContain("AQAAAA", userLog.ToJsonString(), StringComparison.Ordinal);
        Assert.Equal("sales", userLog.Items()[1]!["changes"]!["role"]!.Str("new"));

        var sessions = await api.Admin.GetJsonAsync($"/api/v1/audit?entity=session&entity_id={user.Id}");
        Assert.Equal(["sign_in", "sign_in_failed", "sign_in"], sessions.Items().Strings("action"));
        Assert.Equal(user.Id, sessions.Items()[0]!.Long("actor_id"));
        Assert.Null(sessions.Items()[1]!["actor_id"]);
        Assert.Equal(user.Username, sessions.Items()[1]!.Str("actor_name"));

        // The test server has no network peer: one attempt comes from a given address to show that it is kept.
        await LoginFromAsync(IPAddress.Parse("10.1.2.3"), user.Username, "wrong-again");
        var latest = (await api.Admin.GetJsonAsync($"/api/v1/audit?entity=session&entity_id={user.Id}&page_size=1")).Items()[0]!;
        Assert.Equal("sign_in_failed", latest.Str("action"));
        Assert.Equal("10.1.2.3", latest.Str("ip"));

        var failures = await api.Admin.GetJsonAsync("/api/v1/audit?action=sign_in_failed&page_size=100");
        var anonymous = failures.Items().Single(e => e!["actor_name"]?.GetValue<string>() == unknown)!;
        Assert.Null(anonymous["actor_id"]);
        Assert.Null(anonymous["entity_id"]);
    }

    [Fact]
    public async Task Bulk_tag_changes_write_one_entry_per_customer()
    {
        var owner = await api.NewUserAsync();
        var a = (await owner.Client.CreateCustomerAsync(new { name = "批量甲" })).Id();
        var b = (await owner.Client.CreateCustomerAsync(new { name = "批量乙" })).Id();
        var oldName = RecordHelpers.UniqueTag("旧");
        var newName = RecordHelpers.UniqueTag("新");
        await owner.Client.PostAsJsonAsync("/api/v1/sales/customers/tags/bulk", new { customer_ids = new[] { a, b }, tag_names = new[] { oldName } }).OkJsonAsync();
        await api.Admin.PostAsJsonAsync("/api/v1/sales/customer-tags/rename", new { from = oldName, to = newName }).OkJsonAsync();
        await owner.Client.DeleteJsonAsync("/api/v1/sales/customers/tags/bulk", new { customer_ids = new[] { a }, tag_names = new[] { newName } }).OkJsonAsync();
        await api.Admin.DeleteAsync($"/api/v1/sales/customer-tags?tag_name={Uri.EscapeDataString(newName)}").OkJsonAsync();

        foreach (var (customer, expected) in new[] { (a, new[] { "delete", "tag_renamed", "create", "create" }), (b, ["delete", "tag_renamed", "create", "create"]) })
        {
            var history = await owner.Client.GetJsonAsync($"/api/v1/sales/customers/{customer}/history");
            Assert.Equal(expected, history.Items().Strings("action"));
            var renamed = history.Items()[1]!["changes"]!["tag_name"]!;
            Assert.Equal(oldName, renamed.Str("old"));
            Assert.Equal(newName, renamed.Str("new"));
            Assert.Equal(newName, history.Items()[0]!["changes"]!["tag_name"]!.Str("old"));
        }
    }

    [Fact]
    public async Task Refused_input_writes_nothing()
    {
        var owner = await api.NewUserAsync();
        var customer = await owner.Client.CreateCustomerAsync(new { name = "拒绝输入客户" });
        var before = await CountAsync();

        await (await owner.Client.PostAsJsonAsync("/api/v1/sales/customers", new { name = "" })).AssertErrorAsync(HttpStatusCode.BadRequest);
        await (await owner.Client.PostAsJsonAsync("/api/v1/sales/customers", new { name = "重复编号", customer_code = customer.Str("customer_code") })).AssertErrorAsync(HttpStatusCode.BadRequest);
        await (await owner.Client.PutJsonAsync($"/api/v1/sales/customers/{customer.Id()}", new { industry = "化工", annual_revenue = -1 })).AssertErrorAsync(HttpStatusCode.BadRequest);
        await (await owner.Client.PutJsonAsync($"/api/v1/sales/customers/{customer.Id()}", new { industry = "化工", version = 99 })).AssertErrorAsync(HttpStatusCode.Conflict);
        await (await owner.Client.PostAsJsonAsync($"/api/v1/sales/customers/{customer.Id()}/contacts", new { name = "张三", mobile = "123" })).AssertErrorAsync(HttpStatusCode.BadRequest);
        await (await owner.Client.PostAsJsonAsync($"/api/v1/sales/customers/{customer.Id()}/follow-ups", new { content = "" })).AssertErrorAsync(HttpStatusCode.BadRequest);
        await (await owner.Client.PostAsJsonAsync("/api/v1/auth/login", new { username = "", password = "" })).AssertErrorAsync(HttpStatusCode.BadRequest);
        await (await api.Admin.PutJsonAsync($"/api/v1/users/{api.AdminId}", new { is_active = false })).AssertErrorAsync(HttpStatusCode.BadRequest);

        Assert.Equal(before, await CountAsync());
    }

    [Fact]
    public async Task A_change_that_rolls_back_leaves_no_entry()
    {
        var owner = await api.NewUserAsync();
        var before = await CountAsync();
        await using (var db = await Db.CreateDbContextAsync(new Crm.Domain.Users.Actor(owner.Id, Crm.Domain.Users.UserRole.Sales, "x"), default))
        {
            await using var transaction = await db.Database.BeginTransactionAsync();
            db.Customers.Add(NewCustomer(owner.Id, "ROLLBACK-" + Guid.NewGuid().ToString("N")[..8]));
            await db.SaveChangesAsync();
            Assert.True(await db.AuditEntries.CountAsync() > before, "the entry is written inside the transaction");
            await transaction.RollbackAsync();
        }

        Assert.Equal(before, await CountAsync());
    }

    [Fact]
    public async Task No_change_commits_without_its_entry()
    {
        var owner = await api.NewUserAsync();
        var marker = "拒绝审计" + Guid.NewGuid().ToString("N")[..6];
        await RefuseAuditEntriesContainingAsync(marker, async () =>
        {
            var response = await owner.Client.PostAsJsonAsync("/api/v1/sales/customers", new { name = marker });
            Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        });

        var list = await owner.Client.GetJsonAsync($"/api/v1/sales/customers?keyword={Uri.EscapeDataString(marker)}");
        Assert.Equal(0, list.Long("total"));
    }

    [Fact]
    public async Task A_save_of_audited_changes_without_an_actor_is_refused()
    {
        await using var db = await Db.CreateDbContextAsync();
        db.Customers.Add(NewCustomer(api.AdminId, "NOACTOR-" + Guid.NewGuid().ToString("N")[..8]));
        await Assert.ThrowsAsync<InvalidOperationException>(() => db.SaveChangesAsync());
    }

    [Theory]
    [InlineData("UPDATE audit_entries SET action = 'update'")]
    [InlineData("DELETE FROM audit_entries")]
    [InlineData("DELETE FROM audit_entries WHERE id = (SELECT max(id) FROM audit_entries)")]
    public async Task The_database_refuses_to_change_or_remove_entries(string sql)
    {
        await api.Admin.CreateCustomerAsync(new { name = "不可篡改" });
        var before = await CountAsync();
        await using var db = await Db.CreateDbContextAsync();
        var error = await Assert.ThrowsAnyAsync<System.Data.Common.DbException>(() => db.Database.ExecuteSqlRawAsync(sql));
        Assert.Contains("append-only", error.Message, StringComparison.Ordinal);
        Assert.Equal(before, await CountAsync());
    }

    private async Task LoginFromAsync(IPAddress address, string username, string password)
    {
        var body = System.Text.Encoding.UTF8.GetBytes(new JsonObject { ["username"] = username, ["password"] = password }.ToJsonString());
        var context = await api.Factory.Server.SendAsync(http =>
        {
            http.Request.Method = "POST";
            http.Request.Path = "/api/v1/auth/login";
            http.Request.ContentType = "application/json";
            http.Request.Body = new MemoryStream(body);
            http.Connection.RemoteIpAddress = address;
        });
        Assert.Equal(401, context.Response.StatusCode);
    }

    private async Task<int> CountAsync()
    {
        await using var db = await Db.CreateDbContextAsync();
        return await db.AuditEntries.CountAsync();
    }

    private static Customer NewCustomer(long ownerId, string code) => new()
    {
        CustomerCode = code,
        CustomerCodeKey = code.ToUpperInvariant(),
        Name = "直接写入 " + code,
        SalesOwnerId = ownerId,
        CreatedById = ownerId,
        CreatedAt = DateTime.UtcNow,
        UpdatedAt = DateTime.UtcNow,
        Version = 1,
    };

    /// <summary>Makes the database refuse audit entries that mention <paramref name="marker"/> while <paramref name="run"/> runs.</summary>
    private async Task RefuseAuditEntriesContainingAsync(string marker, Func<Task> run)
    {
        await using var db = await Db.CreateDbContextAsync();
        var pg = db.IsPostgres;
        var create = pg
            ? [$"CREATE FUNCTION test_refuse_audit() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN IF new.changes LIKE '%{marker}%' THEN RAISE EXCEPTION 'refused'; END IF; RETURN new; END $$;",
               "CREATE TRIGGER test_refuse_audit BEFORE INSERT ON audit_entries FOR EACH ROW EXECUTE FUNCTION test_refuse_audit();"]
            : new[] { $"CREATE TRIGGER test_refuse_audit BEFORE INSERT ON audit_entries WHEN new.changes LIKE '%{marker}%' BEGIN SELECT RAISE(ABORT, 'refused'); END;" };
        foreach (var sql in create)
        {
            await db.Database.ExecuteSqlRawAsync(sql);
        }

        try
        {
            await run();
        }
        finally
        {
            await db.Database.ExecuteSqlRawAsync(pg ? "DROP TRIGGER test_refuse_audit ON audit_entries; DROP FUNCTION test_refuse_audit();" : "DROP TRIGGER test_refuse_audit;");
        }
    }
}
