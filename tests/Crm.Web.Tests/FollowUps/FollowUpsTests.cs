using System.Net;
using System.Net.Http.Json;
using Crm.Web.Tests.Infrastructure;

namespace Crm.Web.Tests.FollowUps;

[Collection("api")]
public sealed class FollowUpsTests(ApiFixture api)
{
    private static readonly DateTimeOffset Now = new(2025, 6, 15, 10, 0, 0, TimeSpan.FromHours(8));

    private static async Task<int> CountAsync(HttpClient client, long customerId) =>
        (await client.GetJsonAsync($"/api/v1/sales/customers/{customerId}/follow-ups")).AsArray().Count;

    [Fact]
    public async Task Logging_a_follow_up_returns_the_full_record_with_defaults()
    {
        var sales = await api.NewUserAsync(displayName: "李销售");
        var customer = await sales.Client.CreateCustomerAsync(new { name = "跟进客户" });
        var contact = await sales.Client.CreateContactAsync(customer.Id(), new { name = "王经理" });

        using (api.Factory.Clock.Pin(Now))
        {
            var record = await sales.Client.AddFollowUpAsync(customer.Id(), new { content = "  电话确认需求  ", contact_id = contact.Id() });

            Assert.Equal(customer.Id(), record.Long("customer_id"));
            Assert.Equal("跟进客户", record.Str("customer_name"));
            Assert.Equal(customer.Str("customer_code"), record.Str("customer_code"));
            Assert.Equal(contact.Id(), record.Long("contact_id"));
            Assert.Equal("王经理", record.Str("contact_name"));
            Assert.Equal("other", record.Str("method"));
            Assert.Equal("电话确认需求", record.Str("content"));
            Assert.Equal("2025-06-15T10:00:00+08:00", record.Str("follow_up_at"));
            Assert.Null(record["next_follow_up_at"]);
            Assert.Equal(sales.Id, record.Long("created_by"));
            Assert.Equal("李销售", record.Str("created_by_name"));
            Assert.Equal("2025-06-15T10:00:00+08:00", record.Str("created_at"));
            Assert.Equal(record.Str("created_at"), record.Str("updated_at"));

            Assert.Equal(record.ToJsonString(), (await sales.Client.GetJsonAsync($"/api/v1/sales/follow-ups/{record.Id()}")).ToJsonString());
        }
    }

    [Fact]
    public async Task Times_without_an_offset_are_business_time_and_every_method_is_accepted()
    {
        var customer = await api.Admin.CreateCustomerAsync(new { name = "跟进方式" });
        foreach (var method in new[] { "phone", "visit", "wechat", "email", "meeting", "other", "VISIT" })
        {
            var record = await api.Admin.AddFollowUpAsync(customer.Id(), new { content = method, method, follow_up_at = "2025-01-05T09:30:00", next_follow_up_at = "2025-01-12T09:30:00Z" });
            Assert.Equal(method.ToLowerInvariant(), record.Str("method"));
            Assert.Equal("2025-01-05T09:30:00+08:00", record.Str("follow_up_at"));
            Assert.Equal("2025-01-12T17:30:00+08:00", record.Str("next_follow_up_at"));
        }
    }

    [Theory]
    [InlineData("""{"method":"phone"}""", "跟进内容不能为空")]
    [InlineData("""{"content":"   "}""", "跟进内容不能为空")]
    [InlineData("""{"content":"x","method":"sms"}""", "跟进方式的取值无效")]
    [InlineData("""{"content":"x","follow_up_at":"2025-06-15T10:02:00+08:00"}""", "跟进时间不能晚于当前时间")]
    [InlineData("""{"content":"x","follow_up_at":"yesterday"}""", "跟进时间必须是时间")]
    [InlineData("""{"content":"x","follow_up_at":"2025-06-10T10:00:00+08:00","next_follow_up_at":"2025-06-10T10:00:00+08:00"}""", "下次跟进时间必须晚于跟进时间")]
    [InlineData("""{"content":"x","follow_up_at":"2025-06-10T10:00:00+08:00","next_follow_up_at":"2025-06-09T10:00:00+08:00"}""", "下次跟进时间必须晚于跟进时间")]
    [InlineData("""{"content":"x","contact_id":"abc"}""", "联系人必须是整数")]
    [InlineData("""{"content":"x","contact_id":987654321}""", "联系人不属于该客户")]
    public async Task Bad_input_is_400_in_chinese_and_logs_nothing(string json, string message)
    {
        var customer = await api.Admin.CreateCustomerAsync(new { name = "坏跟进" });
        using (api.Factory.Clock.Pin(Now))
        {
            var response = await api.Admin.PostRawAsync($"/api/v1/sales/customers/{customer.Id()}/follow-ups", json);
            await response.AssertErrorAsync(HttpStatusCode.BadRequest, message);
        }

        Assert.Equal(0, await CountAsync(api.Admin, customer.Id()));
        Assert.Null((await api.Admin.GetJsonAsync($"/api/v1/sales/customers/{customer.Id()}"))["last_follow_up_at"]);
    }

    [Fact]
    public async Task Content_may_be_2000_characters_but_not_more()
    {
        var customer = await api.Admin.CreateCustomerAsync(new { name = "长内容" });
        await api.Admin.AddFollowUpAsync(customer.Id(), new { content = new string('记', 2000) });
        var response = await api.Admin.PostAsJsonAsync($"/api/v1/sales/customers/{customer.Id()}/follow-ups", new { content = new string('记', 2001) });
        await response.AssertErrorAsync(HttpStatusCode.BadRequest, "跟进内容不能超过2000个字符");
    }

    [Fact]
    public async Task A_minute_of_clock_skew_is_allowed()
    {
        var customer = await api.Admin.CreateCustomerAsync(new { name = "时钟偏差" });
        using (api.Factory.Clock.Pin(Now))
        {
            var record = await api.Admin.AddFollowUpAsync(customer.Id(), new { content = "手机时间快了", follow_up_at = Now.AddSeconds(60).ToString("O") });
            Assert.Equal("2025-06-15T10:01:00+08:00", record.Str("follow_up_at"));
            var tooFar = await api.Admin.PostAsJsonAsync($"/api/v1/sales/customers/{customer.Id()}/follow-ups", new { content = "太快", follow_up_at = Now.AddSeconds(61).ToString("O") });
            await tooFar.AssertErrorAsync(HttpStatusCode.BadRequest, "跟进时间不能晚于当前时间");
        }
    }

    [Fact]
    public async Task The_contact_must_belong_to_the_same_customer()
    {
        var customer = await api.Admin.CreateCustomerAsync(new { name = "本客户" });
        var otherCustomer = await api.Admin.CreateCustomerAsync(new { name = "外客户" });
        var stranger = await api.Admin.CreateContactAsync(otherCustomer.Id(), new { name = "外人" });
        var own = await api.Admin.CreateContactAsync(customer.Id(), new { name = "自己人" });

        await (await api.Admin.PostAsJsonAsync($"/api/v1/sales/customers/{customer.Id()}/follow-ups", new { content = "x", contact_id = stranger.Id() }))
            .AssertErrorAsync(HttpStatusCode.BadRequest, "联系人不属于该客户");

        var record = await api.Admin.AddFollowUpAsync(customer.Id(), new { content = "拜访", contact_id = own.Id() });
        await (await api.Admin.PutJsonAsync($"/api/v1/sales/follow-ups/{record.Id()}", new { contact_id = stranger.Id() }))
            .AssertErrorAsync(HttpStatusCode.BadRequest, "联系人不属于该客户");
        var cleared = await api.Admin.PutJsonAsync($"/api/v1/sales/follow-ups/{record.Id()}", new { contact_id = (long?)null }).OkJsonAsync();
        Assert.Null(cleared["contact_id"]);
        Assert.Null(cleared["contact_name"]);
    }

    [Fact]
    public async Task Partial_update_changes_only_sent_fields_and_checks_times_against_the_result()
    {
        var customer = await api.Admin.CreateCustomerAsync(new { name = "改跟进" });
        var record = await api.Admin.AddFollowUpAsync(customer.Id(), new { content = "初次拜访", method = "visit", follow_up_at = "2025-03-01T10:00:00+08:00", next_follow_up_at = "2025-03-08T10:00:00+08:00" });

        var updated = await api.Admin.PutJsonAsync($"/api/v1/sales/follow-ups/{record.Id()}", new { content = "初次拜访，确认预算" }).OkJsonAsync();
        Assert.Equal("初次拜访，确认预算", updated.Str("content"));
        Assert.Equal("visit", updated.Str("method"));
        Assert.Equal("2025-03-08T10:00:00+08:00", updated.Str("next_follow_up_at"));
        Assert.Equal(record.Str("created_at"), updated.Str("created_at"));

        // Moving the follow-up after the planned next one is refused; nothing changes.
        await (await api.Admin.PutJsonAsync($"/api/v1/sales/follow-ups/{record.Id()}", new { follow_up_at = "2025-03-09T10:00:00+08:00", content = "改了" }))
            .AssertErrorAsync(HttpStatusCode.BadRequest, "下次跟进时间必须晚于跟进时间");
        await (await api.Admin.PutJsonAsync($"/api/v1/sales/follow-ups/{record.Id()}", new { follow_up_at = (string?)null }))
            .AssertErrorAsync(HttpStatusCode.BadRequest, "跟进时间不能为空");
        await (await api.Admin.PutJsonAsync($"/api/v1/sales/follow-ups/{record.Id()}", new { content = "" }))
            .AssertErrorAsync(HttpStatusCode.BadRequest, "跟进内容不能为空");
        var after = await api.Admin.GetJsonAsync($"/api/v1/sales/follow-ups/{record.Id()}");
        Assert.Equal("初次拜访，确认预算", after.Str("content"));
        Assert.Equal("2025-03-01T10:00:00+08:00", after.Str("follow_up_at"));

        var cleared = await api.Admin.PutJsonAsync($"/api/v1/sales/follow-ups/{record.Id()}", new { next_follow_up_at = (string?)null, method = (string?)null }).OkJsonAsync();
        Assert.Null(cleared["next_follow_up_at"]);
        Assert.Equal("other", cleared.Str("method"));
    }

    [Fact]
    public async Task Customer_follow_ups_are_listed_latest_first()
    {
        var customer = await api.Admin.CreateCustomerAsync(new { name = "跟进列表" });
        await api.Admin.AddFollowUpAsync(customer.Id(), new { content = "二", follow_up_at = "2025-02-01T10:00:00+08:00" });
        await api.Admin.AddFollowUpAsync(customer.Id(), new { content = "三", follow_up_at = "2025-03-01T10:00:00+08:00" });
        await api.Admin.AddFollowUpAsync(customer.Id(), new { content = "一", follow_up_at = "2025-01-01T10:00:00+08:00" });
        await api.Admin.AddFollowUpAsync(customer.Id(), new { content = "三之后录入", follow_up_at = "2025-03-01T10:00:00+08:00" });

        var list = await api.Admin.GetJsonAsync($"/api/v1/sales/customers/{customer.Id()}/follow-ups");

        Assert.Equal(["三之后录入", "三", "二", "一"], list.Strings("content"));
    }

    [Fact]
    public async Task Delete_removes_the_record()
    {
        var customer = await api.Admin.CreateCustomerAsync(new { name = "删跟进" });
        var record = await api.Admin.AddFollowUpAsync(customer.Id(), new { content = "记错了" });

        Assert.Equal(HttpStatusCode.NoContent, (await api.Admin.DeleteAsync($"/api/v1/sales/follow-ups/{record.Id()}")).StatusCode);
        await (await api.Admin.GetAsync($"/api/v1/sales/follow-ups/{record.Id()}")).AssertErrorAsync(HttpStatusCode.NotFound, "跟进记录不存在");
        await (await api.Admin.DeleteAsync($"/api/v1/sales/follow-ups/{record.Id()}")).AssertErrorAsync(HttpStatusCode.NotFound);
        Assert.Equal(0, await CountAsync(api.Admin, customer.Id()));
    }

    [Fact]
    public async Task Another_salesperson_gets_404_and_changes_nothing()
    {
        var owner = await api.NewUserAsync();
        var other = await api.NewUserAsync();
        var customer = await owner.Client.CreateCustomerAsync(new { name = "别人的跟进" });
        var record = await owner.Client.AddFollowUpAsync(customer.Id(), new { content = "机密" });

        await (await other.Client.GetAsync($"/api/v1/sales/follow-ups/{record.Id()}")).AssertErrorAsync(HttpStatusCode.NotFound, "跟进记录不存在");
        await (await other.Client.PutJsonAsync($"/api/v1/sales/follow-ups/{record.Id()}", new { content = "篡改" })).AssertErrorAsync(HttpStatusCode.NotFound);
        await (await other.Client.DeleteAsync($"/api/v1/sales/follow-ups/{record.Id()}")).AssertErrorAsync(HttpStatusCode.NotFound);
        await (await other.Client.GetAsync($"/api/v1/sales/customers/{customer.Id()}/follow-ups")).AssertErrorAsync(HttpStatusCode.NotFound, "客户不存在");
        await (await other.Client.PostAsJsonAsync($"/api/v1/sales/customers/{customer.Id()}/follow-ups", new { content = "冒充" })).AssertErrorAsync(HttpStatusCode.NotFound, "客户不存在");

        var list = await owner.Client.GetJsonAsync($"/api/v1/sales/customers/{customer.Id()}/follow-ups");
        Assert.Equal(["机密"], list.Strings("content"));
    }

    [Fact]
    public async Task A_salesperson_may_read_but_not_change_a_record_someone_else_wrote()
    {
        var owner = await api.NewUserAsync();
        var customer = await owner.Client.CreateCustomerAsync(new { name = "管理员写的" });
        var byAdmin = await api.Admin.AddFollowUpAsync(customer.Id(), new { content = "管理员拜访" });
        var byOwner = await owner.Client.AddFollowUpAsync(customer.Id(), new { content = "销售电话" });

        Assert.Equal("管理员拜访", (await owner.Client.GetJsonAsync($"/api/v1/sales/follow-ups/{byAdmin.Id()}")).Str("content"));
        await (await owner.Client.PutJsonAsync($"/api/v1/sales/follow-ups/{byAdmin.Id()}", new { content = "改别人的" }))
            .AssertErrorAsync(HttpStatusCode.Forbidden, "只能修改或删除自己创建的跟进记录");
        await (await owner.Client.DeleteAsync($"/api/v1/sales/follow-ups/{byAdmin.Id()}")).AssertErrorAsync(HttpStatusCode.Forbidden);
        Assert.Equal("管理员拜访", (await owner.Client.GetJsonAsync($"/api/v1/sales/follow-ups/{byAdmin.Id()}")).Str("content"));

        // Admins manage every record.
        Assert.Equal("管理员改", (await api.Admin.PutJsonAsync($"/api/v1/sales/follow-ups/{byOwner.Id()}", new { content = "管理员改" }).OkJsonAsync()).Str("content"));

        // After a transfer, the new owner reads the former owner's records but may not change them.
        var successor = await api.NewUserAsync();
        await api.Admin.PutJsonAsync($"/api/v1/sales/customers/{customer.Id()}", new { sales_owner_id = successor.Id }).OkJsonAsync();
        Assert.Equal(2, await CountAsync(successor.Client, customer.Id()));
        await (await successor.Client.PutJsonAsync($"/api/v1/sales/follow-ups/{byOwner.Id()}", new { content = "接手后改" })).AssertErrorAsync(HttpStatusCode.Forbidden);
        await (await owner.Client.GetAsync($"/api/v1/sales/follow-ups/{byOwner.Id()}")).AssertErrorAsync(HttpStatusCode.NotFound);
    }
}
