using Crm.Domain.Common;
using Crm.Web.Infrastructure;
using Crm.Web.Infrastructure.Auth;
using Crm.Web.Infrastructure.Security;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Crm.Web.Features.Users;

public static class UsersApi
{
    public sealed record CreateUserRequest(string Username, string? DisplayName, string? Role, string Password, bool? IsActive);

    public sealed record UpdateUserRequest(string? DisplayName, string? Role, bool? IsActive, string? Password, long? ReassignToUserId);

    public static IEndpointRouteBuilder MapUsersApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/users").WithTags("Users").RequireAuthorization(AuthSetup.AdminPolicy);

        group.MapGet("/", async Task<Ok<IReadOnlyList<UserDto>>> (HttpContext http, ListUsers list, CancellationToken ct) =>
            TypedResults.Ok(await list.HandleAsync(http.User.ToActor(), ct)));

        group.MapGet("/{id:long}", async Task<Ok<UserDto>> (long id, HttpContext http, GetUser get, CancellationToken ct) =>
            TypedResults.Ok(await get.HandleAsync(http.User.ToActor(), id, ct)));

        group.MapPost("/", async Task<Created<UserDto>> (HttpContext http, CreateUser create, BusinessTime time, CancellationToken ct) =>
        {
            var input = await ReadAsync(http, time, ct);
            var user = await create.HandleAsync(http.User.ToActor(), input, ct);
            return TypedResults.Created($"/api/v1/users/{user.Id}", user);
        })
        .Accepts<CreateUserRequest>("application/json")
        .SmallBody();

        group.MapPut("/{id:long}", async Task<Ok<UserDto>> (long id, HttpContext http, UpdateUser update, BusinessTime time, CancellationToken ct) =>
        {
            var input = await ReadAsync(http, time, ct);
            return TypedResults.Ok(await update.HandleAsync(http.User.ToActor(), id, input, ct));
        })
        .Accepts<UpdateUserRequest>("application/json")
        .SmallBody();

        return app;
    }

    private static async Task<UserInput> ReadAsync(HttpContext http, BusinessTime time, CancellationToken ct)
    {
        var body = await JsonFields.ReadAsync(http.Request, time, ct);
        var input = new UserInput
        {
            Username = body.Text("username", "Label_Username").Value,
            DisplayName = body.Text("display_name", "Label_DisplayName"),
            Role = body.Text("role", "Label_Role"),
            IsActive = body.Boolean("is_active", "Label_IsActive"),
            Password = body.Text("password", "Label_Password"),
            ReassignToUserId = body.Id("reassign_to_user_id", "Label_TransferTarget").Value,
        };
        body.ThrowIfInvalid();
        return input;
    }
}
