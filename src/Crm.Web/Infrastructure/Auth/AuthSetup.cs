using System.Security.Claims;
using System.Security.Cryptography;
using Crm.Domain.Common;
using Crm.Domain.Resources;
using Crm.Domain.Users;
using Crm.Web.Data;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.IdentityModel.Tokens;

namespace Crm.Web.Infrastructure.Auth;

public static class AuthSetup
{
    public const string AdminPolicy = "admin";
    public const string StampClaim = "sst";

    public static IServiceCollection AddCrmAuthentication(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<IPasswordHasher<User>, PasswordHasher<User>>();
        services.AddSingleton<SigningKey>();
        services.AddSingleton<TokenIssuer>();
        services.AddSingleton<UserSessionCache>();
        services.AddSharedDataProtection();
        services.Configure<TokenOptions>(configuration.GetSection("Auth"));

        services.AddAuthentication(SessionCheck.SelectorScheme)
            .AddPolicyScheme(SessionCheck.SelectorScheme, "Bearer token (API) or session cookie (UI)", options =>
                options.ForwardDefaultSelector = SessionCheck.SelectScheme)
            .AddCookie(CookieAuthenticationDefaults.AuthenticationScheme, SessionCheck.ConfigureCookie)
            .AddJwtBearer(options =>
            {
                options.MapInboundClaims = false;
                options.TokenValidationParameters = new TokenValidationParameters
                {
                    ValidIssuer = TokenIssuer.Issuer,
                    ValidAudience = TokenIssuer.Audience,
                    ClockSkew = TimeSpan.FromSeconds(30),
                    NameClaimType = ClaimTypes.Name,
                    RoleClaimType = ClaimTypes.Role,
                };
                options.Events = new JwtBearerEvents
                {
                    OnMessageReceived = context =>
                    {
                        var keys = context.HttpContext.RequestServices.GetRequiredService<SigningKey>();
                        context.Options.TokenValidationParameters.IssuerSigningKey = keys.Key;
                        return Task.CompletedTask;
                    },
                    OnTokenValidated = ValidateAgainstDatabaseAsync,
                    OnChallenge = async context =>
                    {
                        context.HandleResponse();
                        context.Response.Headers.WWWAuthenticate = "Bearer";
                        await ApiExceptionHandler.WriteAsync(context.HttpContext, StatusCodes.Status401Unauthorized, Messages.Unauthorized);
                    },
                    OnForbidden = context =>
                        ApiExceptionHandler.WriteAsync(context.HttpContext, StatusCodes.Status403Forbidden, Messages.Forbidden),
                };
            });

        services.AddAuthorizationBuilder()
            .AddPolicy(AdminPolicy, p => p.RequireRole(EnumText<UserRole>.Name(UserRole.Admin)));

        return services;
    }

    /// <summary>
    /// Every API request re-reads the user: a deactivated user or a reset password stops old tokens at once,
    /// and a role change applies to the next request. The UI's session cookie goes through the same check.
    /// </summary>
    private static async Task ValidateAgainstDatabaseAsync(TokenValidatedContext context)
    {
        ClaimsPrincipal? fresh;
        try
        {
            fresh = await SessionCheck.RefreshAsync(context.HttpContext.RequestServices, context.Principal!, context.Scheme.Name, context.HttpContext.RequestAborted);
        }
        catch (Exception ex) when (DatabaseOutage.IsUnavailable(ex))
        {
            // The user cannot be re-read, and the request could not be served either: it answers 503 through the one
            // outage path (UseDeferredOutage, right after authentication), which logs an outage once. Thrown from here,
            // the bearer handler would log every request of the outage as an error of its own.
            context.HttpContext.Items[DeferredOutageKey] = System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(ex);
            return;
        }

        if (fresh is null)
        {
            context.Fail("The user is no longer allowed to sign in.");
            return;
        }

        context.Principal = fresh;
    }

    private const string DeferredOutageKey = "crm.auth.deferred-outage";

    /// <summary>
    /// Right after authentication: a request whose token could not be checked because the database is unavailable
    /// goes no further (no authorization, no endpoint) and fails with the database's own exception.
    /// </summary>
    public static IApplicationBuilder UseDeferredOutage(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        if (context.Items[DeferredOutageKey] is System.Runtime.ExceptionServices.ExceptionDispatchInfo outage)
        {
            outage.Throw();
        }

        await next(context);
    });

    /// <summary>Loads (or creates, once, for all instances) the token signing key kept in the database.</summary>
    public static async Task LoadSigningKeyAsync(IServiceProvider services, CancellationToken ct = default)
    {
        const string name = "jwt_signing_key";
        var factory = services.GetRequiredService<IDbContextFactory<CrmDbContext>>();
        await using var db = await factory.CreateDbContextAsync(ct);
        var secret = await db.AppSecrets.AsNoTracking().FirstOrDefaultAsync(s => s.Name == name, ct);
        if (secret is null)
        {
            db.AppSecrets.Add(new AppSecret { Name = name, Value = Convert.ToBase64String(RandomNumberGenerator.GetBytes(64)) });
            try
            {
                await db.SaveChangesAsync(ct);
            }
            catch (DbUpdateException)
            {
                // Another instance created it first; use theirs.
            }

            db.ChangeTracker.Clear();
            secret = await db.AppSecrets.AsNoTracking().FirstAsync(s => s.Name == name, ct);
        }

        services.GetRequiredService<SigningKey>().Key = new SymmetricSecurityKey(Convert.FromBase64String(secret.Value));
    }
}

public sealed class SigningKey
{
    public SecurityKey? Key { get; set; }
}

public sealed class TokenOptions
{
    public double TokenLifetimeHours { get; set; } = 8;
}
