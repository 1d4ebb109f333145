using Crm.Domain.Common;
using Crm.Web.Infrastructure;
using Crm.Web.Infrastructure.Auth;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Crm.Web.Features.ListViews;

/// <summary>
/// 我的视图 and column settings: /api/v1/sales/list-views (the caller's saved views) and
/// /api/v1/sales/list-columns/{list} (the caller's columns). Everything here is personal to the signed-in user.
/// </summary>
public static class ListViewsApi
{
    /// <summary>Documents the body for the OpenAPI page; the endpoints read the JSON field by field.</summary>
    public sealed record ListViewRequest(string? List, string? Name, string? Query, IReadOnlyList<string>? Columns);

    /// <summary>Documents the body for the OpenAPI page.</summary>
    public sealed record ListColumnsRequest(IReadOnlyList<string>? Columns);

    public static IEndpointRouteBuilder MapListViewsApi(this IEndpointRouteBuilder app)
    {
        var views = app.MapGroup("/api/v1/sales/list-views").WithTags("List views").RequireAuthorization();

        views.MapGet("/", async Task<Ok<IReadOnlyList<ListViewDto>>> (HttpContext http, ListMyViews list, CancellationToken ct) =>
            TypedResults.Ok(await list.HandleAsync(http.User.ToActor(), QueryValues.Single(http.Request.Query, "list"), ct)));

        views.MapPost("/", async Task<Created<ListViewDto>> (HttpContext http, SaveListView save, BusinessTime time, CancellationToken ct) =>
        {
            var view = await save.CreateAsync(http.User.ToActor(), await ReadAsync(http, time, ct), ct);
            return TypedResults.Created($"/api/v1/sales/list-views/{view.Id}", view);
        })
        .Accepts<ListViewRequest>("application/json");

        views.MapGet("/{id:long}", async Task<Ok<ListViewDto>> (long id, HttpContext http, ListMyViews list, CancellationToken ct) =>
            TypedResults.Ok(await list.GetAsync(http.User.ToActor(), id, ct)));

        views.MapPut("/{id:long}", async Task<Ok<ListViewDto>> (long id, HttpContext http, SaveListView save, BusinessTime time, CancellationToken ct) =>
            TypedResults.Ok(await save.UpdateAsync(http.User.ToActor(), id, await ReadAsync(http, time, ct), ct)))
        .Accepts<ListViewRequest>("application/json");

        views.MapDelete("/{id:long}", async Task<NoContent> (long id, HttpContext http, ListMyViews list, CancellationToken ct) =>
        {
            await list.DeleteAsync(http.User.ToActor(), id, ct);
            return TypedResults.NoContent();
        });

        var columns = app.MapGroup("/api/v1/sales/list-columns").WithTags("List views").RequireAuthorization();

        columns.MapGet("/{list}", async Task<Ok<ListColumnsDto>> (string list, HttpContext http, ListColumns get, CancellationToken ct) =>
            TypedResults.Ok(await get.GetAsync(http.User.ToActor(), list, ct)));

        columns.MapPut("/{list}", async Task<Ok<ListColumnsDto>> (string list, HttpContext http, ListColumns save, BusinessTime time, CancellationToken ct) =>
        {
            var body = await JsonFields.ReadAsync(http.Request, time, ct);
            var given = body.TextList("columns", "Label_Columns");
            body.ThrowIfInvalid();
            return TypedResults.Ok(await save.SaveAsync(http.User.ToActor(), list, given, ct));
        })
        .Accepts<ListColumnsRequest>("application/json");

        return app;
    }

    private static async Task<ListViewInput> ReadAsync(HttpContext http, BusinessTime time, CancellationToken ct)
    {
        var body = await JsonFields.ReadAsync(http.Request, time, ct);
        var input = new ListViewInput
        {
            List = body.Text("list", "Label_List"),
            Name = body.Text("name", "Label_ViewName"),
            Query = body.Text("query", "Label_ViewQuery"),
            Columns = body.TextList("columns", "Label_Columns"),
        };
        body.ThrowIfInvalid();
        return input;
    }
}
