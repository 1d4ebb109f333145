using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Crm.Web.Data;
using Crm.Web.Infrastructure.Auth;
using Crm.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Web.Tests.Auth;

[Collection("api")]
public sealed class AuthTests(ApiFixture api)
{
    [Fact]
    public async Task Login_returns_a_bearer_token_that_expires_in_eight_hours()
    {
        var response = await api.Anonymous().PostAsJsonAsync("/api/v1/auth/login", new { username = "ADMIN", password = CrmAppFactory.AdminPassword });
        var body = await response.ReadJsonAsync();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("bearer", body.Str("token_type"));
        Assert.Equal(8 * 3600, body["expires_in"]!.GetValue<int>());
        Assert.False(string.IsNullOrEmpty(body.Str("access_token")));
    }

    [Fact]
    public async Task Me_describes_the_signed_in_user_without_the_password()
    {
        var sales = await api.NewUserAsync(displayName: "李四");
        var me = await sales.Client.GetJsonAsync("/api/v1/auth/me");
        Assert.Equal(sales.Id, me.Id());
        Assert.Equal("李四", me.Str("display_name"));
        Assert.Equal("sales", me.Str("role"));
        Assert.Null(me["password"]);
        Assert.Null(me["password_hash"]);
    }

    [Fact]
    public async Task Wrong_password_unknown_user_and_deactivated_user_get_the_same_401()
    {
        var sales = await api.NewUserAsync();
        var wrong = await api.Anonymous().PostAsJsonAsync("/api/v1/auth/login", new { username = sales.Username, password = "wrong-password" });
        var unknown = await api.Anonymous().PostAsJsonAsync("/api/v1/auth/login", new { username = "nobody-here", password = "wrong-password" });
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, unknown.StatusCode);
        Assert.Equal((await wrong.ReadJsonAsync()).Str("detail"), (await unknown.ReadJsonAsync()).Str("detail"));

        (await api.Admin.PutJsonAsync($"/api/v1/users/{sales.Id}", new { is_active = false })).EnsureSuccessStatusCode();
        var deactivated = await api.Anonymous().PostAsJsonAsync("/api/v1/auth/login", new { username = sales.Username, password = sales.Password });
        Assert.Equal(HttpStatusCode.Unauthorized, deactivated.StatusCode);
        Assert.Equal((await wrong.ReadJsonAsync()).Str("detail"), (await deactivated.ReadJsonAsync()).Str("detail"));
    }

    [Fact]
    public async Task Five_wrong_passwords_lock_the_account_for_five_minutes()
    {
        var sales = await api.NewUserAsync();
        for (var i = 0; i < 5; i++)
        {
            var wrong = await api.Anonymous().PostAsJsonAsync("/api/v1/auth/login", new { username = sales.Username, password = "bad-password" });
            Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        }

        var locked = await api.Anonymous().PostAsJsonAsync("/api/v1/auth/login", new { username = sales.Username, password = sales.Password });
        Assert.Equal(HttpStatusCode.Unauthorized, locked.StatusCode);

        using (api.Factory.Clock.Pin(DateTimeOffset.UtcNow.AddMinutes(5).AddSeconds(5)))
        {
            var later = await api.Anonymous().PostAsJsonAsync("/api/v1/auth/login", new { username = sales.Username, password = sales.Password });
            Assert.Equal(HttpStatusCode.OK, later.StatusCode);
        }
    }

    [Fact]
    public async Task Deactivating_a_user_stops_their_existing_token_at_once()
    {
        var sales = await api.NewUserAsync();
        Assert.Equal(HttpStatusCode.OK, (await sales.Client.GetAsync("/api/v1/sales/customers")).StatusCode);
        (await api.Admin.PutJsonAsync($"/api/v1/users/{sales.Id}", new { is_active = false })).EnsureSuccessStatusCode();
        await (await sales.Client.GetAsync("/api/v1/sales/customers")).AssertErrorAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task A_role_change_applies_to_the_next_request()
    {
        var sales = await api.NewUserAsync();
        await (await sales.Client.GetAsync("/api/v1/users")).AssertErrorAsync(HttpStatusCode.Forbidden);
        (await api.Admin.PutJsonAsync($"/api/v1/users/{sales.Id}", new { role = "admin" })).EnsureSuccessStatusCode();
        Assert.Equal(HttpStatusCode.OK, (await sales.Client.GetAsync("/api/v1/users")).StatusCode);
        (await api.Admin.PutJsonAsync($"/api/v1/users/{sales.Id}", new { role = "sales" })).EnsureSuccessStatusCode();
        await (await sales.Client.GetAsync("/api/v1/users")).AssertErrorAsync(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task A_deactivation_written_by_another_instance_takes_effect_within_two_seconds()
    {
        var sales = await api.NewUserAsync();
        Assert.Equal(HttpStatusCode.OK, (await sales.Client.GetAsync("/api/v1/auth/me")).StatusCode);

        // Another instance sharing the database deactivates the user: this instance learns it when its read expires.
        var factory = api.Factory.Services.GetRequiredService<IDbContextFactory<CrmDbContext>>();
        await using (var db = await factory.CreateDbContextAsync())
        {
            await db.Users.Where(u => u.Id == sales.Id).ExecuteUpdateAsync(s => s.SetProperty(u => u.IsActive, false).SetProperty(u => u.SecurityStamp, "changed"));
        }

        using (api.Factory.Clock.Pin(DateTimeOffset.UtcNow.AddSeconds(2.5)))
        {
            await (await sales.Client.GetAsync("/api/v1/auth/me")).AssertErrorAsync(HttpStatusCode.Unauthorized);
        }
    }

    [Fact]
    public void A_read_that_started_before_a_change_is_not_kept()
    {
        var cache = api.Factory.Services.GetRequiredService<UserSessionCache>();
        var stale = new SessionUser(987_654, IsActive: true, Crm.Domain.Users.UserRole.Sales, "old", "张三", "zhangsan");
        var generation = cache.Generation;
        cache.Invalidate(stale.Id);
        cache.Store(stale, generation);
        Assert.False(cache.TryGet(stale.Id, out _));

        cache.Store(stale, cache.Generation);
        Assert.True(cache.TryGet(stale.Id, out var kept));
        Assert.Equal("old", kept.SecurityStamp);
    }

    [Fact]
    public async Task Resetting_the_password_stops_old_tokens()
    {
        var sales = await api.NewUserAsync();
        (await api.Admin.PutJsonAsync($"/api/v1/users/{sales.Id}", new { password = "Another#2026" })).EnsureSuccessStatusCode();
        Assert.Equal(HttpStatusCode.Unauthorized, (await sales.Client.GetAsync("/api/v1/auth/me")).StatusCode);
        var again = await api.SignInAsync(sales.Username, "Another#2026");
        Assert.Equal(HttpStatusCode.OK, (await again.GetAsync("/api/v1/auth/me")).StatusCode);
    }

    [Fact]
    public async Task Expired_or_forged_tokens_are_401()
    {
        var client = api.Anonymous();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "not-a-token");
        await (await client.GetAsync("/api/v1/sales/customers")).AssertErrorAsync(HttpStatusCode.Unauthorized);

        var sales = await api.NewUserAsync();
        using (api.Factory.Clock.Pin(DateTimeOffset.UtcNow.AddHours(-9)))
        {
            var old = await api.SignInAsync(sales.Username, sales.Password);
            api.Factory.Clock.Pin(DateTimeOffset.UtcNow);
            await (await old.GetAsync("/api/v1/auth/me")).AssertErrorAsync(HttpStatusCode.Unauthorized);
        }
    }

    [Fact]
    public async Task Login_with_missing_fields_is_400()
    {
        await (await api.Anonymous().PostAsJsonAsync("/api/v1/auth/login", new { username = "admin" })).AssertErrorAsync(HttpStatusCode.BadRequest);
        await (await api.Anonymous().PostRawAsync("/api/v1/auth/login", "not json")).AssertErrorAsync(HttpStatusCode.BadRequest);
    }
}
