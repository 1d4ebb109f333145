using System.Net;
using System.Net.Http.Json;
using Crm.Web.Tests.Infrastructure;

namespace Crm.Web.Tests.ListViews;

/// <summary>我的视图 and column settings: stored on the server per user, so they follow the user; bad input changes nothing.</summary>
[Collection("api")]
public sealed class ListViewsTests(ApiFixture api)
{
    private const string Views = "/api/v1/sales/list-views";
    private const string Columns = "/api/v1/sales/list-columns/customers";

    [Fact]
    public async Task A_saved_view_is_created_read_renamed_and_deleted_by_its_owner()
    {
        var sales = await api.NewUserAsync();
        var created = await sales.Client.PostCreatedAsync(Views, new
        {
            name = " 华东重点 ",
            query = "?customer_level=B,A&status=customer&order_by=name&order_desc=false&page=3",
            columns = new[] { "name", "customer_level", "last_follow_up_at" },
        });

        // Trimmed name, the list's normalised link (the page is not part of a view), the columns in the given order.
        Assert.Equal("华东重点", created.Str("name"));
        Assert.Equal("customers", created.Str("list"));
        Assert.Equal("customer_level=A,B&status=customer&order_by=name&order_desc=false", created.Str("query").Replace("%2C", ",", StringComparison.Ordinal));
        Assert.Equal(["name", "customer_level", "last_follow_up_at"], created["columns"]!.AsArray().Select(c => c!.GetValue<string>()));
        Assert.EndsWith("+08:00", created.Str("created_at"));

        var again = await sales.Client.GetJsonAsync($"{Views}/{created.Id()}");
        Assert.Equal(created.Str("query"), again.Str("query"));

        var renamed = await sales.Client.PutJsonAsync($"{Views}/{created.Id()}", new { name = "华东 A/B" }).OkJsonAsync();
        Assert.Equal("华东 A/B", renamed.Str("name"));
        Assert.Equal(created.Str("query"), renamed.Str("query"));

        var mine = await sales.Client.GetJsonAsync(Views);
        Assert.Equal(["华东 A/B"], mine.Strings("name"));

        Assert.Equal(HttpStatusCode.NoContent, (await sales.Client.DeleteAsync($"{Views}/{created.Id()}")).StatusCode);
        Assert.Empty((await sales.Client.GetJsonAsync(Views)).AsArray());
        await (await sales.Client.GetAsync($"{Views}/{created.Id()}")).AssertErrorAsync(HttpStatusCode.NotFound, "视图不存在");
    }

    [Fact]
    public async Task Views_and_columns_belong_to_one_user_and_follow_them_to_a_new_sign_in()
    {
        var owner = await api.NewUserAsync();
        var other = await api.NewUserAsync();
        var view = await owner.Client.PostCreatedAsync(Views, new { name = "我的", query = "not_followed_days=30" });
        await owner.Client.PutJsonAsync(Columns, new { columns = new[] { "tags", "name" } }).OkJsonAsync();

        // Another salesperson, and an admin too, neither see nor touch it: it is answered as missing.
        foreach (var stranger in new[] { other.Client, api.Admin })
        {
            Assert.DoesNotContain((await stranger.GetJsonAsync(Views)).AsArray(), v => v!.Id() == view.Id());
            await (await stranger.GetAsync($"{Views}/{view.Id()}")).AssertErrorAsync(HttpStatusCode.NotFound);
            await (await stranger.PutJsonAsync($"{Views}/{view.Id()}", new { name = "改掉" })).AssertErrorAsync(HttpStatusCode.NotFound);
            await (await stranger.DeleteAsync($"{Views}/{view.Id()}")).AssertErrorAsync(HttpStatusCode.NotFound);
        }

        Assert.Equal(CustomerDefaults, (await other.Client.GetJsonAsync(Columns))["columns"]!.AsArray().Select(c => c!.GetValue<string>()));

        // The same user signed in again (another browser) finds both, unchanged.
        var fresh = await api.SignInAsync(owner.Username, owner.Password);
        Assert.Equal(["我的"], (await fresh.GetJsonAsync(Views)).Strings("name"));
        Assert.Equal(["tags", "name"], (await fresh.GetJsonAsync(Columns))["columns"]!.AsArray().Select(c => c!.GetValue<string>()));

        // Two users may use the same name.
        await other.Client.PostCreatedAsync(Views, new { name = "我的" });
    }

    private static readonly string[] CustomerDefaults =
        ["customer_code", "name", "customer_level", "status", "industry", "sales_owner", "contacts_count", "tags", "last_follow_up_at"];

    [Theory]
    [InlineData("""{"query":""}""", "name", "视图名称")]
    [InlineData("""{"name":"   "}""", "name", "视图名称")]
    [InlineData("""{"name":"x","list":"orders"}""", "list", "列表")]
    [InlineData("""{"name":"x","query":"customer_level=Z"}""", "query", null)]
    [InlineData("""{"name":"x","query":"order_by=price"}""", "query", "order_by")]
    [InlineData("""{"name":"x","query":"follow_up_due=tomorrow"}""", "query", "follow_up_due")]
    [InlineData("""{"name":"x","columns":["name","price"]}""", "columns", "price")]
    [InlineData("""{"name":"x","columns":["name","tags","tags"]}""", "columns", "tags")]
    [InlineData("""{"name":"x","columns":["tags"]}""", "columns", "name")]
    [InlineData("""{"name":"x","columns":"name"}""", "columns", null)]
    [InlineData("""{"name":"123456789012345678901234567890123456789012345678901"}""", "name", "50")]
    public async Task Bad_input_is_refused_with_a_chinese_message_and_saves_nothing(string body, string field, string? detailContains)
    {
        var sales = await api.NewUserAsync();
        var response = await sales.Client.PostRawAsync(Views, body);
        var json = await response.ReadJsonAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{body} → {(int)response.StatusCode}: {json}");
        Assert.NotNull(json["errors"]?[field]);
        var detail = json["detail"]!.GetValue<string>();
        Assert.Matches(@"\p{IsCJKUnifiedIdeographs}", detail);
        if (detailContains is not null)
        {
            Assert.Contains(detailContains, json.ToJsonString(ApiJson), StringComparison.Ordinal);
        }

        Assert.Empty((await sales.Client.GetJsonAsync(Views)).AsArray());
    }

    private static readonly System.Text.Json.JsonSerializerOptions ApiJson = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    [Fact]
    public async Task A_second_view_with_the_same_name_is_refused_and_the_first_stays()
    {
        var sales = await api.NewUserAsync();
        var first = await sales.Client.PostCreatedAsync(Views, new { name = "重点", query = "customer_level=A" });
        var second = await sales.Client.PostCreatedAsync(Views, new { name = "其他", query = "customer_level=B" });

        await (await sales.Client.PostAsJsonAsync(Views, new { name = "重点", query = "customer_level=C" })).AssertErrorAsync(HttpStatusCode.BadRequest, "同名");
        await (await sales.Client.PutJsonAsync($"{Views}/{second.Id()}", new { name = "重点" })).AssertErrorAsync(HttpStatusCode.BadRequest, "同名");

        var mine = await sales.Client.GetJsonAsync(Views);
        Assert.Equal(["其他", "重点"], mine.Strings("name").Order(StringComparer.Ordinal));
        Assert.Equal("customer_level=A", (await sales.Client.GetJsonAsync($"{Views}/{first.Id()}")).Str("query"));
    }

    [Fact]
    public async Task Column_settings_are_checked_and_an_english_client_reads_english()
    {
        var sales = await api.NewUserAsync();
        await (await sales.Client.PutJsonAsync(Columns, new { columns = new[] { "tags" } })).AssertErrorAsync(HttpStatusCode.BadRequest, "name");
        await (await sales.Client.PutJsonAsync(Columns, new { })).AssertErrorAsync(HttpStatusCode.BadRequest, "显示列");
        await (await sales.Client.GetAsync("/api/v1/sales/list-columns/orders")).AssertErrorAsync(HttpStatusCode.BadRequest, "列表");

        using var english = new HttpRequestMessage(HttpMethod.Put, Columns) { Content = JsonContent.Create(new { columns = new[] { "name", "nope" } }) };
        english.Headers.AcceptLanguage.ParseAdd("en");
        await (await sales.Client.SendAsync(english)).AssertErrorAsync(HttpStatusCode.BadRequest, "Unknown column: nope");

        // Nothing was saved by the refused requests: still the default.
        Assert.Equal(CustomerDefaults, (await sales.Client.GetJsonAsync(Columns))["columns"]!.AsArray().Select(c => c!.GetValue<string>()));

        var saved = await sales.Client.PutJsonAsync(Columns, new { columns = new[] { "last_follow_up_at", "name", "annual_revenue" } }).OkJsonAsync();
        Assert.Equal(["last_follow_up_at", "name", "annual_revenue"], saved["columns"]!.AsArray().Select(c => c!.GetValue<string>()));
        var changed = await sales.Client.PutJsonAsync(Columns, new { columns = new[] { "name" } }).OkJsonAsync();
        Assert.Equal(["name"], (await sales.Client.GetJsonAsync(Columns))["columns"]!.AsArray().Select(c => c!.GetValue<string>()));
        Assert.Equal("customers", changed.Str("list"));
    }

    [Fact]
    public async Task Without_credentials_nothing_is_listed()
    {
        Assert.Equal(HttpStatusCode.Unauthorized, (await api.Anonymous().GetAsync(Views)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await api.Anonymous().GetAsync(Columns)).StatusCode);
    }
}
