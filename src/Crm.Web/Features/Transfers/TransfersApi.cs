using Crm.Domain.Common;
using Crm.Web.Features.Customers;
using Crm.Web.Infrastructure;
using Crm.Web.Infrastructure.Auth;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Crm.Web.Features.Transfers;

public static class TransfersApi
{
    /// <summary>Documents the bodies for the OpenAPI page; the endpoints read the JSON field by field.</summary>
    public sealed record TransferRequestBody(long ToUserId, string? Reason);

    public sealed record DecisionBody(string? Comment);

    public sealed record ReassignBody(long? FromUserId, long[]? CustomerIds, long ToUserId);

    public static IEndpointRouteBuilder MapTransfersApi(this IEndpointRouteBuilder app)
    {
        var sales = app.MapGroup("/api/v1/sales").WithTags("Transfers").RequireAuthorization();

        sales.MapPost("/customers/{id:long}/transfer", async Task<Results<Ok<CustomerDto>, Accepted<TransferRequestDto>>> (
            long id, HttpContext http, TransferCustomer transfer, BusinessTime time, CancellationToken ct) =>
        {
            var body = await JsonFields.ReadAsync(http.Request, time, ct);
            var input = new TransferInput(body.Id("to_user_id", "Label_TransferTarget").Value, body.Text("reason", "Label_TransferReason").Value);
            body.ThrowIfInvalid();
            var outcome = await transfer.HandleAsync(http.User.ToActor(), id, input, ct);
            return outcome.Customer is { } customer
                ? TypedResults.Ok(customer)
                : TypedResults.Accepted($"/api/v1/sales/transfer-requests/{outcome.Request!.Id}", outcome.Request);
        })
        .Accepts<TransferRequestBody>("application/json");

        sales.MapPost("/customers/reassign", async Task<Ok<ReassignResult>> (HttpContext http, ReassignCustomers reassign, BusinessTime time, CancellationToken ct) =>
        {
            var body = await JsonFields.ReadAsync(http.Request, time, ct);
            var input = new ReassignInput(
                body.Id("from_user_id", "Label_FromUser").Value,
                body.IdList("customer_ids", "Label_CustomerIds").Value,
                body.Id("to_user_id", "Label_TransferTarget").Value);
            body.ThrowIfInvalid();
            return TypedResults.Ok(await reassign.HandleAsync(http.User.ToActor(), input, ct));
        })
        .Accepts<ReassignBody>("application/json");

        sales.MapGet("/transfer-requests", async Task<Ok<Paged<TransferRequestDto>>> (HttpContext http, ListTransferRequests list, CancellationToken ct) =>
            TypedResults.Ok(await list.HandleAsync(http.User.ToActor(), TransferQuery.Parse(http.Request.Query), ct)));

        sales.MapPost("/transfer-requests/{id:long}/approve", async Task<Ok<TransferRequestDto>> (long id, HttpContext http, DecideTransfer decide, BusinessTime time, CancellationToken ct) =>
            TypedResults.Ok(await decide.ApproveAsync(http.User.ToActor(), id, await CommentAsync(http, time, ct), ct)))
        .Accepts<DecisionBody>("application/json");

        sales.MapPost("/transfer-requests/{id:long}/reject", async Task<Ok<TransferRequestDto>> (long id, HttpContext http, DecideTransfer decide, BusinessTime time, CancellationToken ct) =>
            TypedResults.Ok(await decide.RejectAsync(http.User.ToActor(), id, await CommentAsync(http, time, ct), ct)))
        .Accepts<DecisionBody>("application/json");

        sales.MapPost("/transfer-requests/{id:long}/cancel", async Task<Ok<TransferRequestDto>> (long id, HttpContext http, CancelTransfer cancel, CancellationToken ct) =>
            TypedResults.Ok(await cancel.HandleAsync(http.User.ToActor(), id, ct)));

        return app;
    }

    /// <summary>The decision's comment; the body is optional (no body means no comment).</summary>
    private static async Task<string?> CommentAsync(HttpContext http, BusinessTime time, CancellationToken ct)
    {
        if (http.Request.ContentLength == 0 || (http.Request.ContentLength is null && http.Request.ContentType is null))
        {
            return null;
        }

        var body = await JsonFields.ReadAsync(http.Request, time, ct);
        var comment = body.Text("comment", "Label_TransferComment").Value;
        body.ThrowIfInvalid();
        return comment;
    }
}
