using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using Crm.Web.Data;
using Crm.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Web.Tests.Security;

/// <summary>
/// Guessing passwords (issue 12, decision 0030): parallel guesses cannot outrun the lockout, client addresses and
/// accounts are rate limited (429 + Retry-After), and every refusal costs the same one password hash.
/// </summary>
public sealed class LoginLockoutTests(LoginLockoutTests.Fixture app) : LoginAbuse(app), IClassFixture<LoginLockoutTests.Fixture>
{
    public sealed class Fixture() : LoginAbuseFixture(perIp: 1_000_000, perAccount: 1_000_000);

    [Theory]
    [InlineData(30)]
    [InlineData(100)]
    public async Task Parallel_wrong_guesses_lock_the_account_after_at_most_five_are_checked(int guesses)
    {
        var user = await App.Api.NewUserAsync();
        var hash = await PasswordHashOfAsync(user.Id);
        var checkedBefore = App.Hasher.ChecksOf(hash);

        // Each guess from its own address, as a botnet would: only the lockout stands in the way.
        var responses = await Task.WhenAll(Enumerable.Range(0, guesses).Select(_ => LoginAsync(NewIp(), user.Username, "wrong-guess")));

        Assert.All(responses, r => Assert.True(r is HttpStatusCode.Unauthorized or HttpStatusCode.TooManyRequests, r.ToString()));
        Assert.InRange(App.Hasher.ChecksOf(hash) - checkedBefore, 1, 5);
        Assert.Equal(HttpStatusCode.Unauthorized, await LoginAsync(NewIp(), user.Username, user.Password));

        using (App.Factory.Clock.Pin(DateTimeOffset.UtcNow.AddMinutes(5).AddSeconds(5)))
        {
            Assert.Equal(HttpStatusCode.OK, await LoginAsync(NewIp(), user.Username, user.Password));
        }
    }

    [Fact]
    public async Task Unknown_locked_deactivated_and_wrong_password_each_cost_one_password_hash()
    {
        var locked = await App.Api.NewUserAsync();
        for (var i = 0; i < 5; i++)
        {
            await LoginAsync(NewIp(), locked.Username, "wrong-guess");
        }

        var deactivated = await App.Api.NewUserAsync();
        (await App.Api.Admin.PutJsonAsync($"/api/v1/users/{deactivated.Id}", new { is_active = false })).EnsureSuccessStatusCode();
        var wrong = await App.Api.NewUserAsync();

        foreach (var (username, password) in new[]
        {
            ("nobody_" + Guid.NewGuid().ToString("N")[..8], "wrong-guess"),
            (locked.Username, locked.Password),
            (deactivated.Username, deactivated.Password),
            (wrong.Username, "wrong-guess"),
        })
        {
            var before = App.Hasher.Checks;
            Assert.Equal(HttpStatusCode.Unauthorized, await LoginAsync(NewIp(), username, password));
            Assert.Equal(1, App.Hasher.Checks - before);
        }
    }
}

public sealed class LoginRateLimitTests(LoginRateLimitTests.Fixture app) : LoginAbuse(app), IClassFixture<LoginRateLimitTests.Fixture>
{
    private const int PerIp = 8;
    private const int PerAccount = 4;

    public sealed class Fixture() : LoginAbuseFixture(PerIp, PerAccount);

    [Fact]
    public async Task One_address_trying_many_user_names_is_slowed_down_with_retry_after()
    {
        var ip = NewIp();
        for (var i = 0; i < PerIp; i++)
        {
            Assert.Equal(HttpStatusCode.Unauthorized, await LoginAsync(ip, $"guess{i}_{Guid.NewGuid():N}"[..20], "wrong-guess"));
        }

        var refused = await SendLoginAsync(ip, "another_guess", "wrong-guess");
        await refused.AssertErrorAsync(HttpStatusCode.TooManyRequests, "秒后再试");
        Assert.InRange(refused.Headers.RetryAfter!.Delta!.Value.TotalSeconds, 1, 60);

        // Another address is not affected.
        Assert.Equal(HttpStatusCode.Unauthorized, await LoginAsync(NewIp(), "another_guess", "wrong-guess"));
    }

    [Fact]
    public async Task Many_addresses_at_one_account_are_slowed_down_before_the_lockout()
    {
        var user = await App.Api.NewUserAsync();
        var target = $"nobody_{Guid.NewGuid():N}"[..20];
        for (var i = 0; i < PerAccount; i++)
        {
            Assert.Equal(HttpStatusCode.Unauthorized, await LoginAsync(NewIp(), target, "wrong-guess"));
        }

        var refused = await SendLoginAsync(NewIp(), target.ToUpperInvariant(), "wrong-guess");
        await refused.AssertErrorAsync(HttpStatusCode.TooManyRequests);
        Assert.NotNull(refused.Headers.RetryAfter);

        // Another account is not affected.
        Assert.Equal(HttpStatusCode.OK, await LoginAsync(NewIp(), user.Username, user.Password));
    }

    [Fact]
    public async Task The_sign_in_form_says_to_try_later_when_an_account_is_throttled()
    {
        var target = $"form_{Guid.NewGuid():N}"[..20];
        for (var i = 0; i < PerAccount; i++)
        {
            await LoginAsync(NewIp(), target, "wrong-guess");
        }

        var form = App.Factory.CreateClient(new() { AllowAutoRedirect = false });
        var page = await form.GetStringAsync("/login");
        var input = System.Text.RegularExpressions.Regex.Match(page, "<input[^>]*__RequestVerificationToken[^>]*>").Value;
        var token = System.Text.RegularExpressions.Regex.Match(input, "value=\"([^\"]+)\"").Groups[1].Value;
        Assert.False(string.IsNullOrEmpty(token), "no antiforgery token on the login page");
        var response = await form.PostAsync("/account/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["username"] = target,
            ["password"] = "wrong-guess",
            ["__RequestVerificationToken"] = token,
        }));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Contains("error=throttled", response.Headers.Location!.OriginalString, StringComparison.Ordinal);
    }

}

/// <summary>Signs in from a chosen client address against an app with its own limits and a counting hasher.</summary>
public abstract class LoginAbuse(LoginAbuseFixture app)
{
    private static int _ip;

    protected LoginAbuseFixture App { get; } = app;

    protected static string NewIp()
    {
        var n = Interlocked.Increment(ref _ip);
        return $"10.{(n >> 16) & 255}.{(n >> 8) & 255}.{n & 255}";
    }

    protected async Task<HttpStatusCode> LoginAsync(string ip, string username, string password) =>
        (await SendLoginAsync(ip, username, password)).StatusCode;

    protected Task<HttpResponseMessage> SendLoginAsync(string ip, string username, string password)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/auth/login") { Content = JsonContent.Create(new { username, password }) };
        request.Headers.Add(LoginAbuseFixture.ClientAddress.Header, ip);
        return App.Api.Anonymous().SendAsync(request);
    }

    protected async Task<string> PasswordHashOfAsync(long userId)
    {
        await using var db = await App.Factory.Services.GetRequiredService<IDbContextFactory<CrmDbContext>>().CreateDbContextAsync();
        return (await db.Users.SingleAsync(u => u.Id == userId)).PasswordHash;
    }

}

public abstract class LoginAbuseFixture : IAsyncLifetime
{
    protected LoginAbuseFixture(int perIp, int perAccount)
    {
        Factory = new LimitedFactory(Hasher, perIp, perAccount);
        Api = new ApiFixture(Factory);
    }

    public CountingHasher Hasher { get; } = new();

    public CrmAppFactory Factory { get; }

    public ApiFixture Api { get; }

    public Task InitializeAsync() => Api.InitializeAsync();

    public Task DisposeAsync() => Api.DisposeAsync();

    /// <summary>Counts password checks, per stored hash.</summary>
    public sealed class CountingHasher : IPasswordHasher<User>
    {
        private readonly PasswordHasher<User> _inner = new();
        private readonly ConcurrentDictionary<string, int> _perHash = new(StringComparer.Ordinal);
        private int _checks;

        public int Checks => Volatile.Read(ref _checks);

        public int ChecksOf(string hash) => _perHash.GetValueOrDefault(hash);

        public string HashPassword(User user, string password) => _inner.HashPassword(user, password);

        public PasswordVerificationResult VerifyHashedPassword(User user, string hashedPassword, string providedPassword)
        {
            Interlocked.Increment(ref _checks);
            _perHash.AddOrUpdate(hashedPassword, 1, (_, n) => n + 1);
            return _inner.VerifyHashedPassword(user, hashedPassword, providedPassword);
        }
    }

    /// <summary>Low limits, a counting hasher, and the client address taken from a test header.</summary>
    private sealed class LimitedFactory(CountingHasher hasher, int perIp, int perAccount) : CrmAppFactory
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseSetting("Crm:LoginLimits:PerIpPerMinute", perIp.ToString(System.Globalization.CultureInfo.InvariantCulture));
            builder.UseSetting("Crm:LoginLimits:PerAccountPerMinute", perAccount.ToString(System.Globalization.CultureInfo.InvariantCulture));
            builder.ConfigureTestServices(services =>
            {
                services.AddSingleton<IPasswordHasher<User>>(hasher);
                services.AddSingleton<IStartupFilter, ClientAddress>();
            });
        }
    }

    /// <summary>The test server has no client address; each request names one.</summary>
    internal sealed class ClientAddress : IStartupFilter
    {
        public const string Header = "X-Test-Client-Address";

        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((context, nextMiddleware) =>
            {
                // Without the header (the fixture's own sign-ins) every request comes from an address of its own.
                context.Connection.RemoteIpAddress = context.Request.Headers.TryGetValue(Header, out var ip)
                    ? IPAddress.Parse(ip.ToString())
                    : new IPAddress(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16));

                return nextMiddleware(context);
            });
            next(app);
        };
    }
}
