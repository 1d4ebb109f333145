using System.Net;
using Crm.Web.Tests.Infrastructure;

namespace Crm.Web.Tests.Security;

/// <summary>What the JSON field reader lets through, on both engines (decision 0028); the corpus proves the refusals for every endpoint.</summary>
[Collection("api")]
public sealed class TextFieldTests(ApiFixture api)
{
    [Fact]
    public async Task Notes_and_follow_up_content_keep_their_tabs_and_line_breaks()
    {
        var customer = await api.Admin.CreateCustomerAsync(new { name = "多行文本客户" });
        var contact = await api.Admin.CreateContactAsync(customer.Id(), new { name = "赵六", notes = "决策链：\r\n1.\t采购\n2.\t技术" });
        var followUp = await api.Admin.AddFollowUpAsync(customer.Id(), new { content = "第一行\n第二行\t备注" });

        Assert.Equal("决策链：\r\n1.\t采购\n2.\t技术", (await api.Admin.GetJsonAsync($"/api/v1/sales/contacts/{contact.Id()}")).Str("notes"));
        Assert.Equal("第一行\n第二行\t备注", (await api.Admin.GetJsonAsync($"/api/v1/sales/follow-ups/{followUp.Id()}")).Str("content"));
    }

    [Fact]
    public async Task A_nul_in_a_note_is_refused_on_both_engines_and_the_search_index_stays_sound()
    {
        var customer = await api.Admin.CreateCustomerAsync(new { name = "空字符客户" });
        var response = await api.Admin.PostRawAsync($"/api/v1/sales/customers/{customer.Id()}/contacts", """{"name":"钱七","notes":"a\u0000b"}""");
        await response.AssertErrorAsync(HttpStatusCode.BadRequest, "控制字符");

        var renamed = await api.Admin.PutRawAsync($"/api/v1/sales/customers/{customer.Id()}", """{"name":"空字\u0000符"}""");
        await renamed.AssertErrorAsync(HttpStatusCode.BadRequest);
        var found = await api.Admin.GetJsonAsync("/api/v1/sales/customers?keyword=" + Uri.EscapeDataString("空字符客户"));
        Assert.Equal(1, found["total"]!.GetValue<int>());
    }

    [Fact]
    public async Task An_optional_field_of_only_invisible_characters_is_stored_as_empty()
    {
        var customer = await api.Admin.CreateCustomerAsync(new { name = "不可见简称客户", short_name = "\u200b\ufeff", industry = "\u2060" });

        Assert.Null(customer["short_name"]?.GetValue<string>());
        Assert.Null(customer["industry"]?.GetValue<string>());
    }

    [Fact]
    public async Task A_required_name_of_only_a_byte_order_mark_is_refused_as_missing()
    {
        var response = await api.Admin.PostRawAsync("/api/v1/sales/customers", """{"name":"\ufeff"}""");

        await response.AssertErrorAsync(HttpStatusCode.BadRequest, "客户名称");
    }

    [Fact]
    public async Task A_field_sent_twice_is_refused_instead_of_the_last_one_winning()
    {
        var response = await api.Admin.PostRawAsync("/api/v1/sales/customers", """{"name":"甲公司","name":"乙公司"}""");

        await response.AssertErrorAsync(HttpStatusCode.BadRequest, "name");
    }

    [Fact]
    public async Task A_lone_surrogate_at_login_is_a_400_not_a_500()
    {
        var response = await api.Anonymous().PostRawAsync("/api/v1/auth/login", """{"username":"\ud800","password":"x"}""");

        await response.AssertErrorAsync(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task A_direction_override_in_a_contact_name_is_refused_with_the_field_named()
    {
        var customer = await api.Admin.CreateCustomerAsync(new { name = "方向控制客户" });
        var response = await api.Admin.PostRawAsync($"/api/v1/sales/customers/{customer.Id()}/contacts", """{"name":"abc\u202Egpj.exe"}""");

        await response.AssertErrorAsync(HttpStatusCode.BadRequest, "姓名");
    }
}
