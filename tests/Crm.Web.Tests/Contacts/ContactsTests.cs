using System.Net;
using System.Net.Http.Json;
using Crm.Web.Tests.Infrastructure;

namespace Crm.Web.Tests.Contacts;

[Collection("api")]
public sealed class ContactsTests(ApiFixture api)
{
    [Fact]
    public async Task Created_contact_is_normalised_and_carries_its_customer()
    {
        var sales = await api.NewUserAsync();
        var customer = await sales.Client.CreateCustomerAsync(new { name = "联系人客户" });

        var contact = await sales.Client.CreateContactAsync(customer.Id(), new
        {
            name = "  李雷 ",
            position = "采购经理",
            department = "采购部",
            mobile = "+86 138-0013-8000",
            phone = "(021) 8888 8888",
            email = " Li.Lei@Example.cn ",
            wechat = "lilei_wx",
            birthday = "1985-06-15",
            hobbies = "羽毛球",
            notes = "决策链：拍板人",
        });

        Assert.Equal(customer.Id(), contact.Long("customer_id"));
        Assert.Equal("联系人客户", contact.Str("customer_name"));
        Assert.Equal("李雷", contact.Str("name"));
        Assert.Equal("13800138000", contact.Str("mobile"));
        Assert.Equal("021-88888888", contact.Str("phone"));
        Assert.Equal("Li.Lei@Example.cn", contact.Str("email"));
        Assert.Equal("1985-06-15", contact.Str("birthday"));
        Assert.False(contact.Bool("is_primary"));
        Assert.EndsWith("+08:00", contact.Str("created_at"));

        var fetched = await sales.Client.GetJsonAsync($"/api/v1/sales/contacts/{contact.Id()}");
        Assert.Equal(contact.ToJsonString(), fetched.ToJsonString());
        Assert.Equal(1, (await sales.Client.GetJsonAsync($"/api/v1/sales/customers/{customer.Id()}"))["contacts_count"]!.GetValue<int>());
    }

    [Theory]
    [InlineData("""{"position":"经理"}""", "姓名不能为空")]
    [InlineData("""{"name":"   "}""", "姓名不能为空")]
    [InlineData("""{"name":"123456789012345678901234567890123456789012345678901"}""", "姓名不能超过50个字符")]
    [InlineData("""{"name":"韩梅梅","mobile":"12345678901"}""", "手机号码格式不正确")]
    [InlineData("""{"name":"韩梅梅","phone":"88888888"}""", "座机号码格式不正确")]
    [InlineData("""{"name":"韩梅梅","email":"not-an-email"}""", "电子邮箱格式不正确")]
    [InlineData("""{"name":"韩梅梅","birthday":"2999-01-01"}""", "生日不能晚于今天")]
    [InlineData("""{"name":"韩梅梅","birthday":"15/06/1985"}""", "生日必须是日期")]
    [InlineData("""{"name":"韩梅梅","is_primary":"yes"}""", "主要联系人必须是 true 或 false")]
    [InlineData("""{"name":42}""", "姓名必须是文本")]
    public async Task Bad_input_is_400_in_chinese_and_creates_nothing(string json, string message)
    {
        var sales = await api.NewUserAsync();
        var customer = await sales.Client.CreateCustomerAsync(new { name = "坏联系人" });

        var response = await sales.Client.PostRawAsync($"/api/v1/sales/customers/{customer.Id()}/contacts", json);

        await response.AssertErrorAsync(HttpStatusCode.BadRequest, message);
        Assert.Empty((await sales.Client.GetJsonAsync($"/api/v1/sales/customers/{customer.Id()}/contacts")).AsArray());
    }

    [Fact]
    public async Task Notes_and_hobbies_lengths_count_characters_as_people_see_them()
    {
        var customer = await api.Admin.CreateCustomerAsync(new { name = "长度客户" });
        var notes = string.Concat(Enumerable.Repeat("𠀀", 2000));

        var contact = await api.Admin.CreateContactAsync(customer.Id(), new { name = "长备注", notes, hobbies = new string('乒', 200) });
        Assert.Equal(notes, contact.Str("notes"));

        var tooLong = await api.Admin.PostAsJsonAsync($"/api/v1/sales/customers/{customer.Id()}/contacts", new { name = "超长", hobbies = new string('乒', 201) });
        await tooLong.AssertErrorAsync(HttpStatusCode.BadRequest, "兴趣爱好不能超过200个字符");
    }

    [Fact]
    public async Task Partial_update_changes_only_sent_fields_and_null_clears()
    {
        var customer = await api.Admin.CreateCustomerAsync(new { name = "改联系人" });
        var contact = await api.Admin.CreateContactAsync(customer.Id(), new { name = "王五", position = "工程师", mobile = "13900139000", email = "wang@example.com" });

        var updated = await api.Admin.PutJsonAsync($"/api/v1/sales/contacts/{contact.Id()}", new { position = "总工", email = (string?)null }).OkJsonAsync();

        Assert.Equal("王五", updated.Str("name"));
        Assert.Equal("总工", updated.Str("position"));
        Assert.Equal("13900139000", updated.Str("mobile"));
        Assert.Null(updated["email"]);
        Assert.Equal(contact.Str("created_at"), updated.Str("created_at"));
    }

    [Fact]
    public async Task Update_with_bad_input_changes_nothing()
    {
        var customer = await api.Admin.CreateCustomerAsync(new { name = "改坏联系人" });
        var contact = await api.Admin.CreateContactAsync(customer.Id(), new { name = "赵六", position = "主任" });

        await (await api.Admin.PutJsonAsync($"/api/v1/sales/contacts/{contact.Id()}", new { position = "处长", name = "" }))
            .AssertErrorAsync(HttpStatusCode.BadRequest, "姓名不能为空");
        await (await api.Admin.PutJsonAsync($"/api/v1/sales/contacts/{contact.Id()}", new { position = "处长", mobile = "138" }))
            .AssertErrorAsync(HttpStatusCode.BadRequest, "手机号码格式不正确");

        var after = await api.Admin.GetJsonAsync($"/api/v1/sales/contacts/{contact.Id()}");
        Assert.Equal("赵六", after.Str("name"));
        Assert.Equal("主任", after.Str("position"));
        Assert.Null(after["mobile"]);
    }

    [Fact]
    public async Task Customer_contact_list_puts_the_primary_first_then_the_newest()
    {
        var customer = await api.Admin.CreateCustomerAsync(new { name = "排序客户" });
        await api.Admin.CreateContactAsync(customer.Id(), new { name = "甲" });
        await api.Admin.CreateContactAsync(customer.Id(), new { name = "乙", is_primary = true });
        await api.Admin.CreateContactAsync(customer.Id(), new { name = "丙" });
        await api.Admin.CreateContactAsync(customer.Id(), new { name = "丁" });

        var list = await api.Admin.GetJsonAsync($"/api/v1/sales/customers/{customer.Id()}/contacts");

        Assert.Equal(["乙", "丁", "丙", "甲"], list.Strings("name"));
        Assert.All(list.AsArray(), c => Assert.Equal("排序客户", c!.Str("customer_name")));
    }

    [Fact]
    public async Task Delete_removes_the_contact_and_keeps_follow_ups_that_named_it()
    {
        var customer = await api.Admin.CreateCustomerAsync(new { name = "删联系人" });
        var contact = await api.Admin.CreateContactAsync(customer.Id(), new { name = "将离职" });
        var followUp = await api.Admin.AddFollowUpAsync(customer.Id(), new { content = "电话沟通", contact_id = contact.Id() });
        Assert.Equal("将离职", followUp.Str("contact_name"));

        Assert.Equal(HttpStatusCode.NoContent, (await api.Admin.DeleteAsync($"/api/v1/sales/contacts/{contact.Id()}")).StatusCode);

        await (await api.Admin.GetAsync($"/api/v1/sales/contacts/{contact.Id()}")).AssertErrorAsync(HttpStatusCode.NotFound, "联系人不存在");
        await (await api.Admin.DeleteAsync($"/api/v1/sales/contacts/{contact.Id()}")).AssertErrorAsync(HttpStatusCode.NotFound);
        var kept = await api.Admin.GetJsonAsync($"/api/v1/sales/follow-ups/{followUp.Id()}");
        Assert.Equal("电话沟通", kept.Str("content"));
        Assert.Null(kept["contact_id"]);
        Assert.Null(kept["contact_name"]);
        Assert.Equal(0, (await api.Admin.GetJsonAsync($"/api/v1/sales/customers/{customer.Id()}"))["contacts_count"]!.GetValue<int>());
    }

    [Fact]
    public async Task Contacts_do_not_change_the_customer_version()
    {
        var sales = await api.NewUserAsync();
        var customer = await sales.Client.CreateCustomerAsync(new { name = "版本不变" });
        var contact = await sales.Client.CreateContactAsync(customer.Id(), new { name = "甲", is_primary = true });
        await sales.Client.CreateContactAsync(customer.Id(), new { name = "乙" });
        await sales.Client.PutJsonAsync($"/api/v1/sales/contacts/{contact.Id()}", new { position = "经理" }).OkJsonAsync();
        await sales.Client.DeleteAsync($"/api/v1/sales/contacts/{contact.Id()}");

        var after = await sales.Client.GetJsonAsync($"/api/v1/sales/customers/{customer.Id()}");
        Assert.Equal(1, after["version"]!.GetValue<int>());
        Assert.Equal(customer.Str("updated_at"), after.Str("updated_at"));

        // A colleague's stale-free edit with the version read before the contacts changed still applies.
        var edit = await sales.Client.PutJsonAsync($"/api/v1/sales/customers/{customer.Id()}", new { industry = "汽车", version = 1 });
        Assert.Equal(HttpStatusCode.OK, edit.StatusCode);
    }

    [Fact]
    public async Task Another_salesperson_cannot_see_or_touch_contacts_and_nothing_changes()
    {
        var owner = await api.NewUserAsync();
        var other = await api.NewUserAsync();
        var customer = await owner.Client.CreateCustomerAsync(new { name = "别人的联系人" });
        var contact = await owner.Client.CreateContactAsync(customer.Id(), new { name = "秘密联系人", mobile = "13700137000" });
        var id = contact.Id();

        await (await other.Client.GetAsync($"/api/v1/sales/contacts/{id}")).AssertErrorAsync(HttpStatusCode.NotFound, "联系人不存在");
        await (await other.Client.PutJsonAsync($"/api/v1/sales/contacts/{id}", new { name = "改名" })).AssertErrorAsync(HttpStatusCode.NotFound);
        await (await other.Client.PostAsync($"/api/v1/sales/contacts/{id}/set-primary", null)).AssertErrorAsync(HttpStatusCode.NotFound);
        await (await other.Client.DeleteAsync($"/api/v1/sales/contacts/{id}")).AssertErrorAsync(HttpStatusCode.NotFound);
        await (await other.Client.GetAsync($"/api/v1/sales/customers/{customer.Id()}/contacts")).AssertErrorAsync(HttpStatusCode.NotFound, "客户不存在");
        await (await other.Client.PostAsJsonAsync($"/api/v1/sales/customers/{customer.Id()}/contacts", new { name = "塞进去" }))
            .AssertErrorAsync(HttpStatusCode.NotFound, "客户不存在");
        Assert.Equal(0, (await other.Client.GetJsonAsync("/api/v1/sales/contacts?keyword=13700137000"))["total"]!.GetValue<long>());
        Assert.Equal(0, (await other.Client.GetJsonAsync($"/api/v1/sales/contacts?customer_id={customer.Id()}"))["total"]!.GetValue<long>());

        var after = await owner.Client.GetJsonAsync($"/api/v1/sales/customers/{customer.Id()}/contacts");
        Assert.Equal(["秘密联系人"], after.Strings("name"));
        Assert.False(after[0]!.Bool("is_primary"));
    }

    [Fact]
    public async Task Unknown_customer_or_contact_is_404()
    {
        await (await api.Admin.PostAsJsonAsync("/api/v1/sales/customers/987654321/contacts", new { name = "无主" })).AssertErrorAsync(HttpStatusCode.NotFound, "客户不存在");
        await (await api.Admin.GetAsync("/api/v1/sales/contacts/987654321")).AssertErrorAsync(HttpStatusCode.NotFound, "联系人不存在");
        await (await api.Admin.PutJsonAsync("/api/v1/sales/contacts/987654321", new { name = "x" })).AssertErrorAsync(HttpStatusCode.NotFound);
    }
}
