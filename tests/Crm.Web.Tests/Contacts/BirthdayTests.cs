using System.Net;
using System.Text.Json.Nodes;
using Crm.Web.Tests.Infrastructure;

namespace Crm.Web.Tests.Contacts;

/// <summary>客户关怀: upcoming birthdays, year-independent, by the business date in Shanghai.</summary>
[Collection("api")]
public sealed class BirthdayTests(ApiFixture api)
{
    /// <summary>Noon in Shanghai on the given date.</summary>
    private static DateTimeOffset ShanghaiNoon(int year, int month, int day) => new(year, month, day, 12, 0, 0, TimeSpan.FromHours(8));

    private static async Task<TestUser> SalespersonWithContactsAsync(ApiFixture api, params (string Name, string Birthday)[] contacts)
    {
        var sales = await api.NewUserAsync();
        var customer = await sales.Client.CreateCustomerAsync(new { name = "关怀客户" });
        foreach (var (name, birthday) in contacts)
        {
            await sales.Client.CreateContactAsync(customer.Id(), new { name, birthday });
        }

        await sales.Client.CreateContactAsync(customer.Id(), new { name = "没填生日" });
        return sales;
    }

    private static (string Name, string Next, int Days)[] Rows(JsonNode page) =>
        page.Items().Select(i => (i!.Str("name"), i!.Str("next_birthday"), i!["days_until"]!.GetValue<int>())).ToArray();

    [Fact]
    public async Task Upcoming_birthdays_are_listed_soonest_first_with_the_date_and_days_left()
    {
        var sales = await SalespersonWithContactsAsync(api, ("今天", "1990-03-10"), ("明天", "1988-03-11"), ("下月", "1975-04-05"), ("刚过", "1980-03-09"), ("远", "1970-08-01"));

        using (api.Factory.Clock.Pin(ShanghaiNoon(2025, 3, 10)))
        {
            var page = await sales.Client.GetJsonAsync("/api/v1/sales/contacts/birthdays?days=30");
            Assert.Equal([("今天", "2025-03-10", 0), ("明天", "2025-03-11", 1), ("下月", "2025-04-05", 26)], Rows(page));
            Assert.Equal(3, page["total"]!.GetValue<long>());

            var item = page.Items()[0]!;
            Assert.Equal("关怀客户", item.Str("customer_name"));
            Assert.Equal("1990-03-10", item.Str("birthday"));

            Assert.Equal(["今天"], (await sales.Client.GetJsonAsync("/api/v1/sales/contacts/birthdays?days=0")).Items().Strings("name"));
            Assert.Equal(3, (await sales.Client.GetJsonAsync("/api/v1/sales/contacts/birthdays"))["total"]!.GetValue<long>());
            var wholeYear = await sales.Client.GetJsonAsync("/api/v1/sales/contacts/birthdays?days=366");
            Assert.Equal(["今天", "明天", "下月", "远", "刚过"], wholeYear.Items().Strings("name"));
            Assert.Equal(("刚过", "2026-03-09", 364), Rows(wholeYear)[^1]);

            var paged = await sales.Client.GetJsonAsync("/api/v1/sales/contacts/birthdays?days=366&page=2&page_size=2");
            Assert.Equal(5, paged["total"]!.GetValue<long>());
            Assert.Equal(["下月", "远"], paged.Items().Strings("name"));
        }
    }

    [Fact]
    public async Task The_window_wraps_over_the_year_end()
    {
        var sales = await SalespersonWithContactsAsync(api, ("元旦后", "1985-01-05"), ("圣诞", "1985-12-25"), ("除夕", "1985-12-31"), ("昨天", "1985-12-19"), ("二月", "1985-02-01"));

        using (api.Factory.Clock.Pin(ShanghaiNoon(2025, 12, 20)))
        {
            var page = await sales.Client.GetJsonAsync("/api/v1/sales/contacts/birthdays?days=20");
            Assert.Equal([("圣诞", "2025-12-25", 5), ("除夕", "2025-12-31", 11), ("元旦后", "2026-01-05", 16)], Rows(page));
        }
    }

    [Fact]
    public async Task A_29_february_birthday_is_celebrated_on_28_february_in_common_years()
    {
        var sales = await SalespersonWithContactsAsync(api, ("闰日", "1992-02-29"), ("二月末", "1990-02-28"), ("三月一", "1990-03-01"));

        using (api.Factory.Clock.Pin(ShanghaiNoon(2025, 2, 10)))
        {
            // 2025 is a common year: 28 Feb is day 18, and the leap-day birthday is celebrated then too.
            var page = await sales.Client.GetJsonAsync("/api/v1/sales/contacts/birthdays?days=18");
            Assert.Equal([("二月末", "2025-02-28", 18), ("闰日", "2025-02-28", 18)], Rows(page));
        }

        using (api.Factory.Clock.Pin(ShanghaiNoon(2024, 2, 10)))
        {
            // 2024 is a leap year: the leap-day birthday is on 29 Feb, one day later.
            Assert.Equal([("二月末", "2024-02-28", 18)], Rows(await sales.Client.GetJsonAsync("/api/v1/sales/contacts/birthdays?days=18")));
            Assert.Equal(
                [("二月末", "2024-02-28", 18), ("闰日", "2024-02-29", 19), ("三月一", "2024-03-01", 20)],
                Rows(await sales.Client.GetJsonAsync("/api/v1/sales/contacts/birthdays?days=20")));
        }

        using (api.Factory.Clock.Pin(ShanghaiNoon(2025, 3, 1)))
        {
            // Just after a common-year February: the next leap-day celebration is a year away.
            var page = await sales.Client.GetJsonAsync("/api/v1/sales/contacts/birthdays?days=366");
            Assert.Equal(("二月末", "2026-02-28", 364), Rows(page)[^2]);
            Assert.Equal(("闰日", "2026-02-28", 364), Rows(page)[^1]);
            Assert.Equal(("三月一", "2025-03-01", 0), Rows(page)[0]);
        }
    }

    [Fact]
    public async Task The_business_date_in_Shanghai_decides_what_today_is()
    {
        var sales = await SalespersonWithContactsAsync(api, ("生日", "1990-07-02"));

        // 17:00 UTC on 1 July is already 2 July in Shanghai.
        using (api.Factory.Clock.Pin(new DateTimeOffset(2025, 7, 1, 17, 0, 0, TimeSpan.Zero)))
        {
            Assert.Equal([("生日", "2025-07-02", 0)], Rows(await sales.Client.GetJsonAsync("/api/v1/sales/contacts/birthdays?days=0")));
        }
    }

    [Fact]
    public async Task Birthdays_are_scoped_to_the_callers_customers()
    {
        var owner = await SalespersonWithContactsAsync(api, ("我的客户生日", "1990-05-20"));
        var other = await api.NewUserAsync();

        using (api.Factory.Clock.Pin(ShanghaiNoon(2025, 5, 19)))
        {
            Assert.Equal(1, (await owner.Client.GetJsonAsync("/api/v1/sales/contacts/birthdays?days=1"))["total"]!.GetValue<long>());
            Assert.Equal(0, (await other.Client.GetJsonAsync("/api/v1/sales/contacts/birthdays?days=366"))["total"]!.GetValue<long>());
            Assert.Contains("我的客户生日", (await api.Admin.GetJsonAsync("/api/v1/sales/contacts/birthdays?days=1&page_size=100")).Items().Strings("name"));
        }
    }

    [Fact]
    public async Task Changing_or_clearing_a_birthday_moves_the_contact_in_or_out_of_the_list()
    {
        var sales = await api.NewUserAsync();
        var customer = await sales.Client.CreateCustomerAsync(new { name = "改生日" });
        var contact = await sales.Client.CreateContactAsync(customer.Id(), new { name = "寿星", birthday = "1990-01-01" });

        using (api.Factory.Clock.Pin(ShanghaiNoon(2025, 6, 1)))
        {
            Assert.Equal(0, (await sales.Client.GetJsonAsync("/api/v1/sales/contacts/birthdays?days=7"))["total"]!.GetValue<long>());
            await sales.Client.PutJsonAsync($"/api/v1/sales/contacts/{contact.Id()}", new { birthday = "1990-06-03" }).OkJsonAsync();
            Assert.Equal([("寿星", "2025-06-03", 2)], Rows(await sales.Client.GetJsonAsync("/api/v1/sales/contacts/birthdays?days=7")));
            await sales.Client.PutJsonAsync($"/api/v1/sales/contacts/{contact.Id()}", new { birthday = (string?)null }).OkJsonAsync();
            Assert.Equal(0, (await sales.Client.GetJsonAsync("/api/v1/sales/contacts/birthdays?days=366"))["total"]!.GetValue<long>());
        }
    }

    [Theory]
    [InlineData("days=-1")]
    [InlineData("days=367")]
    [InlineData("days=abc")]
    [InlineData("days=1.5")]
    [InlineData("page=0")]
    [InlineData("page_size=101")]
    public async Task Bad_parameters_are_400(string query)
    {
        var response = await api.Admin.GetAsync($"/api/v1/sales/contacts/birthdays?{query}");
        await response.AssertErrorAsync(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Days_out_of_range_explains_the_range_in_chinese()
    {
        var response = await api.Admin.GetAsync("/api/v1/sales/contacts/birthdays?days=400");
        await response.AssertErrorAsync(HttpStatusCode.BadRequest, "days 必须是 0 到 366 之间的整数");
    }
}
