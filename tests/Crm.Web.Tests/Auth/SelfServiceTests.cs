using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Crm.Domain.Users;
using Crm.Web.Data;
using Crm.Web.Features.Auth;
using Crm.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Web.Tests.Auth;

/// <summary>个人设置 (issue 15): a user changes their own password and display name; admins rename users.</summary>
[Collection("api")]
public sealed class SelfServiceTests(ApiFixture api)
{
    private static readonly WebApplicationFactoryClientOptions NoRedirects = new() { AllowAutoRedirect = false, HandleCookies = false };

    [Fact]
    public async Task A_wrong_current_password_is_a_400_in_chinese_and_changes_nothing()
    {
        var user = await api.NewUserAsync();
        var other = await api.SignInAsync(user.Username, user.Password);

        var response = await user.Client.PostAsJsonAsync("/api/v1/auth/password", new { current_password = "Wrong#2026", new_password = "Brand-new#2026" });

        await response.AssertErrorAsync(HttpStatusCode.BadRequest, "当前密码不正确");
        Assert.NotNull((await response.ReadJsonAsync())["errors"]?["current_password"]);
        await user.Client.GetJsonAsync("/api/v1/auth/me");
        await other.GetJsonAsync("/api/v1/auth/me");
        await api.SignInAsync(user.Username, user.Password);
        await AssertLoginRefusedAsync(user.Username, "Brand-new#2026");
        var audit = await api.Admin.GetJsonAsync($"/api/v1/audit?action=password_change_failed&entity=user&entity_id={user.Id}");
        Assert.Equal(1, audit.Long("total"));
    }

    [Fact]
    public async Task New_password_rules_are_those_of_the_admin_reset_and_answered_per_field()
    {
        var user = await api.NewUserAsync();
        var english = new HttpRequestMessage(HttpMethod.Post, "/api/v1/auth/password")
        {
            Content = JsonContent.Create(new { current_password = user.Password, new_password = "short" }),
        };
        english.Headers.AcceptLanguage.Add(new StringWithQualityHeaderValue("en"));

        await (await user.Client.SendAsync(english)).AssertErrorAsync(HttpStatusCode.BadRequest, "at least 8 characters");
        await (await user.Client.PostAsJsonAsync("/api/v1/auth/password", new { current_password = user.Password }))
            .AssertErrorAsync(HttpStatusCode.BadRequest, "新密码");
        await (await user.Client.PostAsJsonAsync("/api/v1/auth/password", new { current_password = user.Password, new_password = user.Password }))
            .AssertErrorAsync(HttpStatusCode.BadRequest, "不能与当前密码相同");
        await (await api.Anonymous().PostAsJsonAsync("/api/v1/auth/password", new { current_password = "x", new_password = "Brand-new#2026" }))
            .AssertErrorAsync(HttpStatusCode.Unauthorized);
        await api.SignInAsync(user.Username, user.Password);
    }

    [Fact]
    public async Task Changing_the_password_ends_every_other_token_and_session_and_the_answer_carries_a_working_token()
    {
        var user = await api.NewUserAsync();
        var otherToken = await api.SignInAsync(user.Username, user.Password);
        var http = api.Factory.CreateClient(NoRedirects);
        var browser = new UiBrowser();
        await browser.SignInAsync(http, http, user.Username, user.Password);
        Assert.Null(await browser.RedirectForAsync(http, "/"));

        var response = await user.Client.PostAsJsonAsync("/api/v1/auth/password", new { current_password = user.Password, new_password = "Brand-new#2026" });
        var body = await response.ReadJsonAsync();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);

        Assert.Equal(HttpStatusCode.Unauthorized, (await user.Client.GetAsync("/api/v1/auth/me")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await otherToken.GetAsync("/api/v1/auth/me")).StatusCode);
        await browser.AssertSentToLoginAsync(http, "/");
        var fresh = api.Anonymous();
        fresh.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", body.Str("access_token"));
        Assert.Equal(user.Id, (await fresh.GetJsonAsync("/api/v1/auth/me")).Id());
        await AssertLoginRefusedAsync(user.Username, user.Password);
        await api.SignInAsync(user.Username, "Brand-new#2026");
    }

    [Fact]
    public async Task The_ui_session_the_password_is_changed_in_stays_signed_in_and_the_others_end()
    {
        var user = await api.NewUserAsync();
        var http = api.Factory.CreateClient(NoRedirects);
        var here = new UiBrowser();
        await here.SignInAsync(http, http, user.Username, user.Password);
        var hereSession = await NewestSessionAsync(user.Id);
        var elsewhere = new UiBrowser();
        await elsewhere.SignInAsync(http, http, user.Username, user.Password);

        using (var scope = api.Factory.Services.CreateScope())
        {
            var change = scope.ServiceProvider.GetRequiredService<ChangePassword>();
            await change.HandleAsync(new Actor(user.Id, UserRole.Sales, "x"), user.Password, "Brand-new#2026", hereSession, null, CancellationToken.None);
        }

        Assert.Null(await here.RedirectForAsync(http, "/settings"));
        await elsewhere.AssertSentToLoginAsync(http, "/settings");
        Assert.Equal(HttpStatusCode.Unauthorized, (await user.Client.GetAsync("/api/v1/auth/me")).StatusCode);
    }

    [Fact]
    public async Task Wrong_current_passwords_lock_like_sign_in_attempts()
    {
        var user = await api.NewUserAsync();
        for (var i = 0; i < UserRules.MaxFailedLogins; i++)
        {
            await (await user.Client.PostAsJsonAsync("/api/v1/auth/password", new { current_password = $"Wrong#{i}xxxx", new_password = "Brand-new#2026" }))
                .AssertErrorAsync(HttpStatusCode.BadRequest);
        }

        // Locked now: even the right current password waits, and so does signing in.
        await (await user.Client.PostAsJsonAsync("/api/v1/auth/password", new { current_password = user.Password, new_password = "Brand-new#2026" }))
            .AssertErrorAsync(HttpStatusCode.TooManyRequests);
        await AssertLoginRefusedAsync(user.Username, user.Password);
    }

    [Fact]
    public async Task A_user_changes_their_own_display_name_and_an_admin_renames_anyone()
    {
        var user = await api.NewUserAsync();

        var renamed = await user.Client.PatchAsJsonAsync("/api/v1/auth/me", new { display_name = "  王小明  " });
        Assert.Equal(HttpStatusCode.OK, renamed.StatusCode);
        Assert.Equal("王小明", (await user.Client.GetJsonAsync("/api/v1/auth/me")).Str("display_name"));
        await (await user.Client.PatchAsJsonAsync("/api/v1/auth/me", new { display_name = " " })).AssertErrorAsync(HttpStatusCode.BadRequest, "显示名称");
        await (await user.Client.PatchAsJsonAsync("/api/v1/auth/me", new { display_name = new string('名', 51) })).AssertErrorAsync(HttpStatusCode.BadRequest);
        Assert.Equal("王小明", (await user.Client.GetJsonAsync("/api/v1/auth/me")).Str("display_name"));

        await api.Admin.PutJsonAsync($"/api/v1/users/{user.Id}", new { display_name = "王明" }).OkJsonAsync();
        Assert.Equal("王明", (await user.Client.GetJsonAsync("/api/v1/auth/me")).Str("display_name"));
        var audit = await api.Admin.GetJsonAsync($"/api/v1/audit?entity=user&entity_id={user.Id}&action=update");
        Assert.True(audit.Long("total") >= 2);
    }

    private async Task AssertLoginRefusedAsync(string username, string password)
    {
        var response = await api.Anonymous().PostAsJsonAsync("/api/v1/auth/login", new { username, password });
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    private async Task<string> NewestSessionAsync(long userId)
    {
        await using var db = await api.Factory.Services.GetRequiredService<IDbContextFactory<CrmDbContext>>().CreateDbContextAsync();
        var sessions = await db.UiSessions.Where(s => s.UserId == userId).Select(s => new { s.Id, s.ExpiresAt }).ToListAsync();
        return Assert.Single(sessions).Id;
    }
}
