using System.Net;
using System.Net.Http.Json;
using Crm.Web.Tests.Infrastructure;

namespace Crm.Web.Tests.Users;

[Collection("api")]
public sealed class UsersTests(ApiFixture api)
{
    [Fact]
    public async Task Admin_creates_lists_reads_and_changes_users()
    {
        var username = "wang_" + Guid.NewGuid().ToString("N")[..8];
        var created = await api.Admin.PostAsJsonAsync("/api/v1/users", new { username, display_name = "王五", role = "sales", password = "Wangwu#2026" });
        var user = await created.ReadJsonAsync();
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal("王五", user.Str("display_name"));
        Assert.True(user["is_active"]!.GetValue<bool>());
        Assert.Null(user["password"]);

        var list = await api.Admin.GetJsonAsync("/api/v1/users");
        Assert.Contains(list.AsArray(), u => u!.Str("username") == username);

        var changed = await (await api.Admin.PutJsonAsync($"/api/v1/users/{user.Id()}", new { display_name = "王五（华东）", role = "admin" })).ReadJsonAsync();
        Assert.Equal("王五（华东）", changed.Str("display_name"));
        Assert.Equal("admin", changed.Str("role"));
        Assert.Equal("admin", (await api.Admin.GetJsonAsync($"/api/v1/users/{user.Id()}")).Str("role"));
    }

    [Fact]
    public async Task Usernames_are_unique_case_insensitively()
    {
        var username = "Zhao_" + Guid.NewGuid().ToString("N")[..8];
        (await api.Admin.PostAsJsonAsync("/api/v1/users", new { username, password = "Zhaoliu#2026" })).EnsureSuccessStatusCode();
        var duplicate = await api.Admin.PostAsJsonAsync("/api/v1/users", new { username = username.ToUpperInvariant(), password = "Zhaoliu#2026" });
        await duplicate.AssertErrorAsync(HttpStatusCode.BadRequest, "用户名已存在");
    }

    [Theory]
    [InlineData("{\"username\":\"shortpw\",\"password\":\"1234567\"}", "8")]
    [InlineData("{\"username\":\"ab\",\"password\":\"12345678\"}", "用户名")]
    [InlineData("{\"username\":\"roleuser\",\"password\":\"12345678\",\"role\":\"boss\"}", "角色")]
    [InlineData("{\"password\":\"12345678\"}", "用户名")]
    public async Task Invalid_users_are_rejected(string json, string expected)
    {
        await (await api.Admin.PostRawAsync("/api/v1/users", json)).AssertErrorAsync(HttpStatusCode.BadRequest, expected);
    }

    [Fact]
    public async Task Admin_cannot_deactivate_or_demote_themselves()
    {
        await (await api.Admin.PutJsonAsync($"/api/v1/users/{api.AdminId}", new { is_active = false })).AssertErrorAsync(HttpStatusCode.BadRequest, "不能停用自己");
        await (await api.Admin.PutJsonAsync($"/api/v1/users/{api.AdminId}", new { role = "sales" })).AssertErrorAsync(HttpStatusCode.BadRequest, "管理员");
        Assert.Equal("admin", (await api.Admin.GetJsonAsync("/api/v1/auth/me")).Str("role"));
    }

    [Fact]
    public async Task Role_change_applies_to_the_next_request()
    {
        var promoted = await api.NewUserAsync();
        Assert.Equal(HttpStatusCode.Forbidden, (await promoted.Client.GetAsync("/api/v1/users")).StatusCode);
        (await api.Admin.PutJsonAsync($"/api/v1/users/{promoted.Id}", new { role = "admin" })).EnsureSuccessStatusCode();
        Assert.Equal(HttpStatusCode.OK, (await promoted.Client.GetAsync("/api/v1/users")).StatusCode);
    }

    [Fact]
    public async Task Unknown_user_is_404()
    {
        await (await api.Admin.GetAsync("/api/v1/users/999999")).AssertErrorAsync(HttpStatusCode.NotFound, "用户不存在");
    }
}
