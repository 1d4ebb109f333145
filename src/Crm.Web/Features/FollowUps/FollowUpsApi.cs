using Crm.Domain.Common;
using Crm.Web.Infrastructure;
using Crm.Web.Infrastructure.Auth;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Crm.Web.Features.FollowUps;

public static class FollowUpsApi
{
    /// <summary>Documents the body for the OpenAPI page; the endpoints read the JSON field by field.</summary>
    public sealed record FollowUpRequest(
        DateTimeOffset? FollowUpAt,
        string? Method,
        string Content,
        DateTimeOffset? NextFollowUpAt,
        long? ContactId);

    public static IEndpointRouteBuilder MapFollowUpsApi(this IEndpointRouteBuilder app)
    {
        var ofCustomer = app.MapGroup("/api/v1/sales/customers/{customerId:long}/follow-ups").WithTags("Follow-ups").RequireAuthorization();

        ofCustomer.MapPost("/", async Task<Created<FollowUpDto>> (long customerId, HttpContext http, CreateFollowUp create, BusinessTime time, CancellationToken ct) =>
        {
            var input = await ReadAsync(http, time, ct);
            var record = await create.HandleAsync(http.User.ToActor(), customerId, input, ct);
            return TypedResults.Created($"/api/v1/sales/follow-ups/{record.Id}", record);
        })
        .Accepts<FollowUpRequest>("application/json");

        ofCustomer.MapGet("/", async Task<Ok<IReadOnlyList<FollowUpDto>>> (long customerId, HttpContext http, ListCustomerFollowUps list, CancellationToken ct) =>
            TypedResults.Ok(await list.HandleAsync(http.User.ToActor(), customerId, ct)));

        var followUps = app.MapGroup("/api/v1/sales/follow-ups").WithTags("Follow-ups").RequireAuthorization();

        followUps.MapGet("/{id:long}", async Task<Ok<FollowUpDto>> (long id, HttpContext http, GetFollowUp get, CancellationToken ct) =>
            TypedResults.Ok(await get.HandleAsync(http.User.ToActor(), id, ct)));

        followUps.MapPut("/{id:long}", async Task<Ok<FollowUpDto>> (long id, HttpContext http, UpdateFollowUp update, BusinessTime time, CancellationToken ct) =>
        {
            var input = await ReadAsync(http, time, ct);
            return TypedResults.Ok(await update.HandleAsync(http.User.ToActor(), id, input, ct));
        })
        .Accepts<FollowUpRequest>("application/json");

        followUps.MapDelete("/{id:long}", async Task<NoContent> (long id, HttpContext http, DeleteFollowUp delete, CancellationToken ct) =>
        {
            await delete.HandleAsync(http.User.ToActor(), id, ct);
            return TypedResults.NoContent();
        });

        return app;
    }

    private static async Task<FollowUpInput> ReadAsync(HttpContext http, BusinessTime time, CancellationToken ct)
    {
        var body = await JsonFields.ReadAsync(http.Request, time, ct);
        var input = new FollowUpInput
        {
            FollowUpAt = body.Instant("follow_up_at", "Label_FollowUpAt"),
            Method = body.Text("method", "Label_Method"),
            Content = body.Text("content", "Label_Content", TextKind.MultiLine),
            NextFollowUpAt = body.Instant("next_follow_up_at", "Label_NextFollowUpAt"),
            ContactId = body.Id("contact_id", "Label_ContactId"),
        };
        body.ThrowIfInvalid();
        return input;
    }
}
