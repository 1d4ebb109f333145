using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Crm.Browser.Tests.Infrastructure;

namespace Crm.Browser.Tests;

/// <summary>Every page at desktop and phone width, saved under artifacts/screenshots for a person to look at.</summary>
[Collection("browser")]
public sealed class ScreenshotTests(AppServer app)
{
    [Theory]
    [InlineData(1280)]
    [InlineData(375)]
    public async Task Every_page_renders_at_desktop_and_phone_width(int width)
    {
        var customer = await SampleCustomerAsync();
        var page = await app.NewPageAsync(width, width < 500 ? 812 : 900);
        await page.GotoAsync("/login");
        await page.ScreenshotAsync(app, "01-login");
        await page.LoginAsync("admin", AppServer.AdminPassword);

        var routes = new (string Name, string Url)[]
        {
            ("02-customers", "/customers"),
            ("03-customer-new", "/customers/new"),
            ("04-customer-detail", $"/customers/{customer}"),
            ("05-customer-edit", $"/customers/{customer}/edit"),
            ("06-contacts", "/contacts"),
            ("07-stats", "/stats"),
            ("08-admin-users", "/admin/users"),
            ("10-admin-tags", "/admin/tags"),
            ("11-imports", "/imports"),
        };
        foreach (var (name, url) in routes)
        {
            await page.StepAsync(app, $"{name}-{width}", async () =>
            {
                await page.GotoReadyAsync(url);
                await page.WaitForTimeoutAsync(400);
                if (name == "07-stats")
                {
                    await page.WaitForSelectorAsync("[data-chart-ready=true]");
                }

                await page.ScreenshotAsync(app, name);
                Assert.DoesNotContain("Exception", await page.ContentAsync(), StringComparison.Ordinal);
            });
        }

        await page.Context.CloseAsync();
    }

    private static long? _sample;

    private async Task<long> SampleCustomerAsync()
    {
        if (_sample is { } id)
        {
            return id;
        }

        string[] names = ["上海精密机械有限公司", "苏州华辰电子科技有限公司", "杭州远望医疗器械有限公司", "深圳市新锐汽车零部件有限公司", "宁波东海化工股份有限公司"];
        long first = 0;
        for (var i = 0; i < names.Length; i++)
        {
            var response = await app.AdminApi.PostAsJsonAsync("/api/v1/sales/customers", new
            {
                name = names[i],
                short_name = names[i][..4],
                industry = new[] { "机械设备", "电子制造", "医疗", "汽车", "化工" }[i],
                status = new[] { "customer", "customer", "prospect", "potential", "lost" }[i],
                annual_revenue = new[] { 1_500_000m, 800_000m, 300_000m, 50_000m, 120_000m }[i],
                cooperation_years = new[] { 5, 2, 0, 0, 3 }[i],
                scale = "中型",
                customer_source = "展会",
                address = "上海市浦东新区张江高科技园区" + (i + 1) + "号",
                website = "https://example.com",
                payment_terms = "月结30天",
                account_period = 30,
                credit_limit = 200000,
            });
            var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
            var customerId = body["id"]!.GetValue<long>();
            if (i == 0)
            {
                first = customerId;
            }

            // Enough around each customer that the pages look like a working day, not an empty demo.
            string[][] people = [["王建国", "13800138001", "采购部", "采购经理"], ["刘晓梅", "13912345602", "财务部", "财务主管"], ["陈志远", "13700001103", "技术部", "总工程师"]];
            foreach (var person in people.Take(3 - (i % 3)))
            {
                await app.AdminApi.PostAsJsonAsync($"/api/v1/sales/customers/{customerId}/contacts", new
                {
                    name = person[0] + (i == 0 ? "" : i.ToString(System.Globalization.CultureInfo.InvariantCulture)),
                    mobile = person[1],
                    department = person[2],
                    position = person[3],
                    email = $"contact{i}@example.com",
                    is_primary = person[0] == "王建国",
                });
            }

            await app.AdminApi.PostAsJsonAsync($"/api/v1/sales/customers/{customerId}/tags/batch", new
            {
                tag_names = new[] { new[] { "重点客户", "长期合作", "华东区" }, ["高价值客户"], ["新客户", "展会2026"], [], ["流失客户"] }[i],
            });
            if (i < 3)
            {
                await app.AdminApi.PostAsJsonAsync($"/api/v1/sales/customers/{customerId}/follow-ups", new
                {
                    method = new[] { "visit", "phone", "wechat" }[i],
                    content = new[] { "上门拜访采购部，确认二季度设备采购预算，客户希望月底前收到报价。", "电话沟通交期，客户对上批货的包装提出改进建议。", "微信发送新品资料，对方表示下周安排技术交流。" }[i],
                    next_follow_up_at = DateTimeOffset.UtcNow.AddDays(7 + i).ToString("yyyy-MM-ddTHH:mm:ssK", System.Globalization.CultureInfo.InvariantCulture),
                });
            }
        }

        _sample = first;
        return first;
    }
}
