using System.Data.Common;
using System.Net;
using Crm.Web.Data;
using Crm.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Web.Tests.Customers;

/// <summary>GET /customers/duplicates: the same name after trim, width and case folding, scoped like everything else.</summary>
[Collection("api")]
public sealed class DuplicateNameTests(ApiFixture api)
{
    [Fact]
    public async Task The_owner_is_told_of_the_same_name_with_the_customer_to_open()
    {
        var sales = await api.NewUserAsync();
        var name = "华创" + Suffix() + "电子有限公司";
        var existing = await sales.Client.CreateCustomerAsync(new { name });

        var check = await CheckAsync(sales.Client, "  " + name + "　");

        Assert.True(check["duplicate"]!.GetValue<bool>());
        Assert.Equal("已存在同名客户", check.Str("warning"));
        var only = Assert.Single(check["customers"]!.AsArray())!;
        Assert.Equal(existing.Id(), only.Id());
        Assert.Equal(name, only.Str("name"));
        Assert.False(check["owned_by_others"]!.GetValue<bool>());
    }

    [Fact]
    public async Task Another_salespersons_customer_is_reported_without_revealing_it()
    {
        var owner = await api.NewUserAsync();
        var other = await api.NewUserAsync();
        var suffix = Suffix();
        await owner.Client.CreateCustomerAsync(new { name = $"ＡＢＣ{suffix}（上海）有限公司" });

        var check = await CheckAsync(other.Client, $"abc{suffix}(上海)有限公司");

        Assert.True(check["duplicate"]!.GetValue<bool>());
        Assert.Equal("已存在同名客户（属于其他销售）", check.Str("warning"));
        Assert.Empty(check["customers"]!.AsArray());
        Assert.True(check["owned_by_others"]!.GetValue<bool>());

        var admin = await CheckAsync(api.Admin, $"abc{suffix}(上海)有限公司");
        Assert.Single(admin["customers"]!.AsArray());
        Assert.False(admin["owned_by_others"]!.GetValue<bool>());
    }

    [Fact]
    public async Task A_different_name_or_the_customer_itself_is_no_duplicate_and_a_rename_moves_the_key()
    {
        var name = "改名查重" + Suffix() + "有限公司";
        var customer = await api.Admin.CreateCustomerAsync(new { name });

        var itself = await CheckAsync(api.Admin, name, $"&exclude_id={customer.Id()}");
        Assert.False(itself["duplicate"]!.GetValue<bool>());
        Assert.Null(itself["warning"]);
        Assert.False((await CheckAsync(api.Admin, name + "分公司"))["duplicate"]!.GetValue<bool>());

        var renamed = await api.Admin.PutJsonAsync($"/api/v1/sales/customers/{customer.Id()}", new { name = name + "（新）" });
        Assert.Equal(HttpStatusCode.OK, renamed.StatusCode);
        Assert.False((await CheckAsync(api.Admin, name))["duplicate"]!.GetValue<bool>());
        Assert.True((await CheckAsync(api.Admin, name + "(新)"))["duplicate"]!.GetValue<bool>());
    }

    [Fact]
    public async Task A_missing_name_or_a_bad_exclude_id_is_a_400()
    {
        await (await api.Admin.GetAsync("/api/v1/sales/customers/duplicates?name=%20")).AssertErrorAsync(HttpStatusCode.BadRequest, "name");
        await (await api.Admin.GetAsync("/api/v1/sales/customers/duplicates?name=x&exclude_id=abc")).AssertErrorAsync(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task The_lookup_uses_the_name_key_index()
    {
        await using var db = await api.Factory.Services.GetRequiredService<IDbContextFactory<CrmDbContext>>().CreateDbContextAsync();
        var connection = db.Database.GetDbConnection();
        await connection.OpenAsync();
        if (api.Factory.IsPostgres)
        {
            // On a small table the planner prefers a scan; forbidding it shows whether the index can answer.
            await ExecuteAsync(connection, "SET enable_seqscan = off");
        }

        var plan = await ExecuteAsync(connection, (api.Factory.IsPostgres ? "EXPLAIN " : "EXPLAIN QUERY PLAN ") + "SELECT id FROM customers WHERE name_key = 'abc'");
        Assert.Contains("ix_customers_name_key", plan, StringComparison.Ordinal);
    }

    private static async Task<string> ExecuteAsync(DbConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await using var reader = await command.ExecuteReaderAsync();
        var text = new System.Text.StringBuilder();
        while (await reader.ReadAsync())
        {
            for (var i = 0; i < reader.FieldCount; i++)
            {
                text.Append(reader.GetValue(i)).Append(' ');
            }

            text.AppendLine();
        }

        return text.ToString();
    }

    private static Task<System.Text.Json.Nodes.JsonNode> CheckAsync(HttpClient client, string name, string extra = "") =>
        client.GetJsonAsync("/api/v1/sales/customers/duplicates?name=" + Uri.EscapeDataString(name) + extra);

    private static string Suffix() => Guid.NewGuid().ToString("N")[..6];
}
