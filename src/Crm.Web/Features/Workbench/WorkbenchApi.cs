using Crm.Domain.Common;
using Crm.Web.Infrastructure;
using Crm.Web.Infrastructure.Auth;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Crm.Web.Features.Workbench;

/// <summary>GET /api/v1/sales/workbench[?sales_owner_id=]: the 工作台 figures, for integrations and the bench.</summary>
public static class WorkbenchApi
{
    public static IEndpointRouteBuilder MapWorkbenchApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/v1/sales/workbench", async Task<Ok<WorkbenchDto>> (HttpContext http, GetWorkbench workbench, CancellationToken ct) =>
        {
            var errors = new ValidationErrors();
            var ownerId = QueryValues.Long(http.Request.Query, "sales_owner_id", errors);
            errors.ThrowIfAny();
            return TypedResults.Ok(await workbench.HandleAsync(http.User.ToActor(), ownerId, ct));
        })
        .WithTags("Workbench")
        .RequireAuthorization();

        return app;
    }
}
