using Crm.Domain.Common;
using Crm.Web.Infrastructure;
using Crm.Web.Infrastructure.Auth;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Crm.Web.Features.Stats;

/// <summary>The chart figures of the 客户统计 page, for integrations too; scoped and filtered like /customers/stats.</summary>
public static class StatsApi
{
    public static IEndpointRouteBuilder MapStatsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/sales/customers/stats").WithTags("Customers").RequireAuthorization();

        group.MapGet("/revenue-by-level", async Task<Ok<IReadOnlyList<LevelRevenueDto>>> (HttpContext http, RevenueByLevel handler, CancellationToken ct) =>
            TypedResults.Ok(await handler.HandleAsync(http.User.ToActor(), OwnerFilter(http), ct)));

        group.MapGet("/new-by-month", async Task<Ok<IReadOnlyList<MonthCountDto>>> (HttpContext http, NewCustomersByMonth handler, CancellationToken ct) =>
            TypedResults.Ok(await handler.HandleAsync(http.User.ToActor(), OwnerFilter(http), ct)));

        return app;
    }

    private static long? OwnerFilter(HttpContext http)
    {
        var errors = new ValidationErrors();
        var ownerId = QueryValues.Long(http.Request.Query, "sales_owner_id", errors);
        errors.ThrowIfAny();
        return ownerId;
    }
}
