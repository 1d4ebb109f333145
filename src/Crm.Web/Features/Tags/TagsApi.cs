using Crm.Domain.Common;
using Crm.Domain.Tags;
using Crm.Web.Infrastructure;
using Crm.Web.Infrastructure.Auth;
using Crm.Web.Infrastructure.Security;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Crm.Web.Features.Tags;

public static class TagsApi
{
    /// <summary>Documents the bodies for the OpenAPI page; the endpoints read the JSON field by field.</summary>
    public sealed record TagRequest(string TagName);

    public sealed record TagBatchRequest(IReadOnlyList<string> TagNames);

    public sealed record BulkTagRequest(IReadOnlyList<long> CustomerIds, IReadOnlyList<string> TagNames);

    public sealed record RenameTagRequest(string From, string To);

    public sealed record PredefinedTagsDto(IReadOnlyList<string> Tags);

    public static IEndpointRouteBuilder MapTagsApi(this IEndpointRouteBuilder app)
    {
        var ofCustomer = app.MapGroup("/api/v1/sales/customers/{customerId:long}/tags").WithTags("Tags").RequireAuthorization();

        ofCustomer.MapPost("/", async Task<Created<CustomerTagDto>> (long customerId, HttpContext http, AddCustomerTag add, BusinessTime time, CancellationToken ct) =>
        {
            var body = await JsonFields.ReadAsync(http.Request, time, ct);
            var name = body.Text("tag_name", "Label_TagName");
            body.ThrowIfInvalid();
            var tag = await add.HandleAsync(http.User.ToActor(), customerId, name.Value, ct);
            return TypedResults.Created($"/api/v1/sales/customers/{customerId}/tags", tag);
        })
        .Accepts<TagRequest>("application/json")
        .SmallBody();

        ofCustomer.MapPost("/batch", async Task<Created<IReadOnlyList<CustomerTagDto>>> (long customerId, HttpContext http, AddCustomerTags add, BusinessTime time, CancellationToken ct) =>
        {
            var body = await JsonFields.ReadAsync(http.Request, time, ct);
            var names = body.TextList("tag_names", "Label_TagNames");
            body.ThrowIfInvalid();
            var tags = await add.HandleAsync(http.User.ToActor(), customerId, names.Value, ct);
            return TypedResults.Created($"/api/v1/sales/customers/{customerId}/tags", tags);
        })
        .Accepts<TagBatchRequest>("application/json");

        ofCustomer.MapGet("/", async Task<Ok<IReadOnlyList<CustomerTagDto>>> (long customerId, HttpContext http, ListCustomerTags list, CancellationToken ct) =>
            TypedResults.Ok(await list.HandleAsync(http.User.ToActor(), customerId, ct)));

        ofCustomer.MapDelete("/{tagId:long}", async Task<NoContent> (long customerId, long tagId, HttpContext http, RemoveCustomerTag remove, CancellationToken ct) =>
        {
            await remove.ByIdAsync(http.User.ToActor(), customerId, tagId, ct);
            return TypedResults.NoContent();
        });

        ofCustomer.MapDelete("/", async Task<NoContent> (long customerId, HttpContext http, RemoveCustomerTag remove, CancellationToken ct) =>
        {
            await remove.ByNameAsync(http.User.ToActor(), customerId, QueryValues.Single(http.Request.Query, "tag_name"), ct);
            return TypedResults.NoContent();
        });

        var bulk = app.MapGroup("/api/v1/sales/customers/tags/bulk").WithTags("Tags").RequireAuthorization();

        bulk.MapPost("/", async Task<Ok<AffectedDto>> (HttpContext http, BulkTagCustomers bulkTags, BusinessTime time, CancellationToken ct) =>
            TypedResults.Ok(await bulkTags.AddAsync(http.User.ToActor(), await ReadBulkAsync(http, time, ct), ct)))
        .Accepts<BulkTagRequest>("application/json");

        bulk.MapDelete("/", async Task<Ok<AffectedDto>> (HttpContext http, BulkTagCustomers bulkTags, BusinessTime time, CancellationToken ct) =>
            TypedResults.Ok(await bulkTags.RemoveAsync(http.User.ToActor(), await ReadBulkAsync(http, time, ct), ct)))
        .Accepts<BulkTagRequest>("application/json");

        var catalogue = app.MapGroup("/api/v1/sales/customer-tags").WithTags("Tags").RequireAuthorization();

        catalogue.MapGet("/predefined", Ok<PredefinedTagsDto> () => TypedResults.Ok(new PredefinedTagsDto(TagRules.Predefined)));

        catalogue.MapGet("/", async Task<Ok<IReadOnlyList<TagUsageDto>>> (HttpContext http, TagCatalogue tags, CancellationToken ct) =>
            TypedResults.Ok(await tags.HandleAsync(http.User.ToActor(), ct)));

        catalogue.MapPost("/rename", async Task<Ok<AffectedDto>> (HttpContext http, RenameTag rename, BusinessTime time, CancellationToken ct) =>
        {
            var body = await JsonFields.ReadAsync(http.Request, time, ct);
            var input = new RenameTagInput(body.Text("from", "Label_TagName").Value, body.Text("to", "Label_TagName").Value);
            body.ThrowIfInvalid();
            return TypedResults.Ok(await rename.HandleAsync(http.User.ToActor(), input, ct));
        })
        .Accepts<RenameTagRequest>("application/json")
        .SmallBody()
        .RequireAuthorization(AuthSetup.AdminPolicy);

        catalogue.MapDelete("/", async Task<Ok<AffectedDto>> (HttpContext http, DeleteTagEverywhere delete, CancellationToken ct) =>
            TypedResults.Ok(await delete.HandleAsync(http.User.ToActor(), QueryValues.Single(http.Request.Query, "tag_name"), ct)))
        .RequireAuthorization(AuthSetup.AdminPolicy);

        return app;
    }

    private static async Task<BulkTagInput> ReadBulkAsync(HttpContext http, BusinessTime time, CancellationToken ct)
    {
        var body = await JsonFields.ReadAsync(http.Request, time, ct);
        var input = new BulkTagInput(body.IdList("customer_ids", "Label_CustomerIds").Value, body.TextList("tag_names", "Label_TagNames").Value);
        body.ThrowIfInvalid();
        return input;
    }
}
