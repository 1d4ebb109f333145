using Crm.Domain.Common;
using Crm.Domain.Resources;
using Crm.Web.Data;
using Crm.Web.Features.Users;
using Crm.Web.Infrastructure;
using Crm.Web.Infrastructure.Auth;
using Crm.Web.Infrastructure.Security;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Crm.Web.Features.Auth;

public static class AuthApi
{
    public sealed record LoginRequest(string Username, string Password);

    public sealed record TokenResponse(string AccessToken, string TokenType, int ExpiresIn);

    public sealed record ChangePasswordRequest(string CurrentPassword, string NewPassword);

    public sealed record UpdateProfileRequest(string? DisplayName);

    public static IEndpointRouteBuilder MapAuthApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/auth").WithTags("Auth");

        group.MapPost("/login", async Task<Ok<TokenResponse>> (HttpRequest request, Login login, BusinessTime time, CancellationToken ct) =>
        {
            var body = await JsonFields.ReadAsync(request, time, ct);
            var username = body.Text("username", "Label_Username");
            var password = body.Text("password", "Label_Password");
            body.ThrowIfInvalid();
            var result = await login.HandleAsync(username.Value, password.Value, request.HttpContext.Connection.RemoteIpAddress?.ToString(), ct);
            return TypedResults.Ok(new TokenResponse(result.AccessToken, "bearer", result.ExpiresIn));
        })
        .Accepts<LoginRequest>("application/json")
        .SmallBody()
        .RequireRateLimiting(LoginLimits.Policy)
        .AllowAnonymous();

        group.MapGet("/me", async Task<Ok<UserDto>> (HttpContext http, IDbContextFactory<CrmDbContext> dbFactory, BusinessTime time, CancellationToken ct) =>
        {
            var actor = http.User.ToActor();
            await using var db = await dbFactory.CreateDbContextAsync(ct);
            var user = await db.Users.AsNoTracking().FirstOrDefaultAsync(u => u.Id == actor.UserId, ct)
                ?? throw new NotFoundException(Messages.UserNotFound);
            return TypedResults.Ok(UserDto.From(user, time));
        })
        .RequireAuthorization();

        // 个人设置: the caller's own display name.
        group.MapPatch("/me", async Task<Ok<UserDto>> (HttpContext http, UpdateProfile update, BusinessTime time, CancellationToken ct) =>
        {
            var body = await JsonFields.ReadAsync(http.Request, time, ct);
            var displayName = body.Text("display_name", "Label_DisplayName");
            body.ThrowIfInvalid();
            return TypedResults.Ok(await update.HandleAsync(http.User.ToActor(), displayName, ct));
        })
        .Accepts<UpdateProfileRequest>("application/json")
        .SmallBody()
        .RequireAuthorization();

        // The caller's own password. Every token of the user ends, this one too: the answer carries its replacement.
        group.MapPost("/password", async Task<Ok<TokenResponse>> (HttpContext http, ChangePassword change, BusinessTime time, CancellationToken ct) =>
        {
            var body = await JsonFields.ReadAsync(http.Request, time, ct);
            var current = body.Text("current_password", "Label_CurrentPassword");
            var next = body.Text("new_password", "Label_NewPassword");
            body.ThrowIfInvalid();
            var result = await change.HandleAsync(
                http.User.ToActor(), current.Value, next.Value, keepSessionId: null, http.Connection.RemoteIpAddress?.ToString(), ct);
            return TypedResults.Ok(new TokenResponse(result.AccessToken, "bearer", result.ExpiresIn));
        })
        .Accepts<ChangePasswordRequest>("application/json")
        .SmallBody()
        .RequireRateLimiting(LoginLimits.Policy)
        .RequireAuthorization();

        return app;
    }
}
