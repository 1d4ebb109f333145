using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Crm.Web.Tests.Infrastructure;

namespace Crm.Web.Tests.Customers;

[Collection("api")]
public sealed class CreateCustomerTests(ApiFixture api)
{
    [Fact]
    public async Task Created_customer_gets_a_code_a_grade_and_the_creator_as_owner()
    {
        var sales = await api.NewUserAsync(displayName: "张三");
        var customer = await sales.Client.CreateCustomerAsync(new
        {
            name = "  上海精密机械有限公司  ",
            short_name = "上海精密",
            industry = "电子制造",
            annual_revenue = 1_500_000.50m,
            cooperation_years = 4,
            status = "customer",
            credit_limit = 200000,
            website = "https://www.example.cn",
            established_date = "2001-05-20",
        });

        Assert.Matches(@"^CUS\d{8}\d{4,}$", customer.Str("customer_code"));
        Assert.Equal("上海精密机械有限公司", customer.Str("name"));
        Assert.Equal("上海精密机械有限公司", customer.Str("customer_name"));
        Assert.Equal("A", customer.Str("customer_level"));
        Assert.Equal(sales.Id, customer["sales_owner_id"]!.GetValue<long>());
        Assert.Equal("张三", customer.Str("sales_owner_name"));
        Assert.Equal(1_500_000.50m, customer["annual_revenue"]!.GetValue<decimal>());
        Assert.Equal("enterprise", customer.Str("customer_type"));
        Assert.Equal("2001-05-20", customer.Str("established_date"));
        Assert.Null(customer["last_follow_up_at"]);
        Assert.Equal(0, customer["contacts_count"]!.GetValue<int>());
        Assert.Empty(customer["tags"]!.AsArray());
        Assert.EndsWith("+08:00", customer.Str("created_at"));
        Assert.Equal(1, customer["version"]!.GetValue<int>());

        var fetched = await sales.Client.GetJsonAsync($"/api/v1/sales/customers/{customer.Id()}");
        Assert.Equal(customer.Str("customer_code"), fetched.Str("customer_code"));
    }

    [Fact]
    public async Task Generated_code_uses_the_business_date_in_Shanghai()
    {
        // 16:30 UTC on 15 Feb is already 16 Feb in Shanghai.
        using (api.Factory.Clock.Pin(new DateTimeOffset(2026, 2, 15, 16, 30, 0, TimeSpan.Zero)))
        {
            var first = await api.Admin.CreateCustomerAsync(new { name = "日期测试一" });
            var second = await api.Admin.CreateCustomerAsync(new { name = "日期测试二" });
            Assert.StartsWith("CUS20260216", first.Str("customer_code"));
            var n1 = int.Parse(first.Str("customer_code")[11..]);
            var n2 = int.Parse(second.Str("customer_code")[11..]);
            Assert.Equal(n1 + 1, n2);
            Assert.Equal(4, first.Str("customer_code")[11..].Length);
        }
    }

    [Fact]
    public async Task Generator_skips_a_number_already_taken_by_hand()
    {
        using (api.Factory.Clock.Pin(new DateTimeOffset(2026, 3, 1, 2, 0, 0, TimeSpan.Zero)))
        {
            var first = await api.Admin.CreateCustomerAsync(new { name = "序号一" });
            var next = int.Parse(first.Str("customer_code")[11..]) + 1;
            var taken = $"cus20260301{next:D4}";
            await api.Admin.CreateCustomerAsync(new { name = "手工编号", customer_code = taken });
            var third = await api.Admin.CreateCustomerAsync(new { name = "序号三" });
            Assert.Equal($"CUS20260301{next + 1:D4}", third.Str("customer_code"));
        }
    }

    [Fact]
    public async Task Manual_code_is_kept_and_must_be_unique_case_insensitively()
    {
        var code = "K-" + Guid.NewGuid().ToString("N")[..10];
        var created = await api.Admin.CreateCustomerAsync(new { name = "手工编号客户", customer_code = code });
        Assert.Equal(code, created.Str("customer_code"));

        var duplicate = await api.Admin.PostAsJsonAsync("/api/v1/sales/customers", new { name = "重复", customer_code = code.ToLowerInvariant() });
        await duplicate.AssertErrorAsync(HttpStatusCode.BadRequest, "客户编号已存在");
    }

    [Theory]
    [InlineData("含空格 ABC")]
    [InlineData("编号")]
    [InlineData("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456")]
    public async Task Malformed_manual_code_is_rejected(string code)
    {
        var response = await api.Admin.PostAsJsonAsync("/api/v1/sales/customers", new { name = "格式", customer_code = code });
        await response.AssertErrorAsync(HttpStatusCode.BadRequest, "客户编号");
    }

    [Fact]
    public async Task Customer_name_alias_is_accepted_and_conflicting_names_rejected()
    {
        var viaAlias = await api.Admin.CreateCustomerAsync(new { customer_name = "别名客户" });
        Assert.Equal("别名客户", viaAlias.Str("name"));

        var conflict = await api.Admin.PostAsJsonAsync("/api/v1/sales/customers", new { name = "甲", customer_name = "乙" });
        await conflict.AssertErrorAsync(HttpStatusCode.BadRequest);
    }

    [Theory]
    [InlineData("{}", "客户名称不能为空")]
    [InlineData("{\"name\":\"   \"}", "客户名称不能为空")]
    [InlineData("{\"name\":123}", "客户名称必须是文本")]
    [InlineData("{\"name\":\"x\",\"annual_revenue\":1.234}", "年成交额")]
    [InlineData("{\"name\":\"x\",\"annual_revenue\":-1}", "年成交额")]
    [InlineData("{\"name\":\"x\",\"annual_revenue\":\"100\"}", "年成交额")]
    [InlineData("{\"name\":\"x\",\"credit_limit\":10000000000.01}", "信用额度")]
    [InlineData("{\"name\":\"x\",\"cooperation_years\":201}", "合作年限")]
    [InlineData("{\"name\":\"x\",\"cooperation_years\":1.5}", "合作年限")]
    [InlineData("{\"name\":\"x\",\"account_period\":3651}", "账期")]
    [InlineData("{\"name\":\"x\",\"status\":\"vip\"}", "客户状态")]
    [InlineData("{\"name\":\"x\",\"customer_type\":\"company\"}", "客户类型")]
    [InlineData("{\"name\":\"x\",\"website\":\"ftp://example.com\"}", "公司网址")]
    [InlineData("{\"name\":\"x\",\"website\":\"www.example.com\"}", "公司网址")]
    [InlineData("{\"name\":\"x\",\"established_date\":\"2999-01-01\"}", "成立日期")]
    [InlineData("{\"name\":\"x\",\"established_date\":\"15/02/2026\"}", "成立日期")]
    [InlineData("{\"name\":\"x\",\"customer_level\":\"A\"}", "客户等级由系统自动计算")]
    [InlineData("{\"name\":\"x\",\"sales_owner_id\":\"abc\"}", "负责销售")]
    [InlineData("{\"name\":", "JSON")]
    [InlineData("[1,2]", "JSON")]
    [InlineData("", "JSON")]
    public async Task Bad_input_gets_a_Chinese_400_and_creates_nothing(string json, string expected)
    {
        var before = (await api.Admin.GetJsonAsync("/api/v1/sales/customers/stats"))["total_customers"]!.GetValue<long>();
        var response = await api.Admin.PostRawAsync("/api/v1/sales/customers", json);
        await response.AssertErrorAsync(HttpStatusCode.BadRequest, expected);
        var after = (await api.Admin.GetJsonAsync("/api/v1/sales/customers/stats"))["total_customers"]!.GetValue<long>();
        Assert.Equal(before, after);
    }

    [Fact]
    public async Task Oversized_text_is_rejected_with_the_field_limit()
    {
        var response = await api.Admin.PostAsJsonAsync("/api/v1/sales/customers", new { name = new string('企', 201) });
        await response.AssertErrorAsync(HttpStatusCode.BadRequest, "200");

        var exactly = await api.Admin.CreateCustomerAsync(new { name = new string('企', 200), short_name = new string('简', 50) });
        Assert.Equal(200, exactly.Str("name").Length);
    }

    [Fact]
    public async Task Length_counts_characters_as_people_see_them()
    {
        // 𠀀 is one character but two UTF-16 units: 50 of them fit the 50-character short name.
        var shortName = string.Concat(Enumerable.Repeat("𠀀", 50));
        var created = await api.Admin.CreateCustomerAsync(new { name = "扩展汉字", short_name = shortName });
        Assert.Equal(shortName, created.Str("short_name"));
    }

    [Fact]
    public async Task Same_computed_grade_may_be_sent_and_empty_optional_text_is_stored_as_null()
    {
        var created = await api.Admin.CreateCustomerAsync(new { name = "等级一致", annual_revenue = 300000, customer_level = "C", industry = "   " });
        Assert.Equal("C", created.Str("customer_level"));
        Assert.Null(created["industry"]);
    }

    [Fact]
    public async Task Unknown_fields_are_ignored()
    {
        var created = await api.Admin.PostRawAsync("/api/v1/sales/customers", "{\"name\":\"未知字段\",\"foo\":{\"bar\":1}}");
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
    }

    [Fact]
    public async Task Salesperson_cannot_name_another_owner_but_admin_can()
    {
        var sales = await api.NewUserAsync();
        var other = await api.NewUserAsync();

        var forbidden = await sales.Client.PostAsJsonAsync("/api/v1/sales/customers", new { name = "越权", sales_owner_id = other.Id });
        await forbidden.AssertErrorAsync(HttpStatusCode.Forbidden);

        var self = await sales.Client.CreateCustomerAsync(new { name = "自己", sales_owner_id = sales.Id });
        Assert.Equal(sales.Id, self["sales_owner_id"]!.GetValue<long>());

        var assigned = await api.Admin.CreateCustomerAsync(new { name = "指派", sales_owner_id = other.Id });
        Assert.Equal(other.Id, assigned["sales_owner_id"]!.GetValue<long>());

        var missing = await api.Admin.PostAsJsonAsync("/api/v1/sales/customers", new { name = "不存在的人", sales_owner_id = 999999 });
        await missing.AssertErrorAsync(HttpStatusCode.BadRequest, "负责销售");
    }

    [Fact]
    public async Task Admin_cannot_assign_a_deactivated_user()
    {
        var leaver = await api.NewUserAsync();
        (await api.Admin.PutJsonAsync($"/api/v1/users/{leaver.Id}", new { is_active = false })).EnsureSuccessStatusCode();
        var response = await api.Admin.PostAsJsonAsync("/api/v1/sales/customers", new { name = "停用", sales_owner_id = leaver.Id });
        await response.AssertErrorAsync(HttpStatusCode.BadRequest, "负责销售");
    }

    [Fact]
    public async Task Forty_parallel_creates_all_get_distinct_codes()
    {
        var tasks = Enumerable.Range(0, 48).Select(i => api.Admin.PostAsJsonAsync("/api/v1/sales/customers", new { name = $"并发客户{i}" }));
        var responses = await Task.WhenAll(tasks);
        var codes = new List<string>();
        foreach (var response in responses)
        {
            var body = await response.ReadJsonAsync();
            Assert.True(response.StatusCode == HttpStatusCode.Created, body.ToJsonString());
            codes.Add(body.Str("customer_code"));
        }

        Assert.Equal(codes.Count, codes.Distinct(StringComparer.OrdinalIgnoreCase).Count());
        Assert.All(codes, c => Assert.Matches(new Regex(@"^CUS\d{12}$"), c));
    }
}
