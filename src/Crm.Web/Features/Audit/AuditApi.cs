using Crm.Domain.Common;
using Crm.Web.Infrastructure;
using Crm.Web.Infrastructure.Auth;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Crm.Web.Features.Audit;

/// <summary>Reading the audit trail. There is deliberately no endpoint that changes or removes an entry.</summary>
public static class AuditApi
{
    public static IEndpointRouteBuilder MapAuditApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/v1/sales/customers/{id:long}/history", async Task<Ok<Paged<AuditEntryDto>>> (long id, HttpContext http, CustomerHistory history, CancellationToken ct) =>
            {
                var errors = new ValidationErrors();
                var page = PageRequest.Parse(http.Request.Query, errors);
                errors.ThrowIfAny();
                return TypedResults.Ok(await history.HandleAsync(http.User.ToActor(), id, page, ct));
            })
            .WithTags("Audit")
            .RequireAuthorization();

        app.MapGet("/api/v1/audit", async Task<Ok<Paged<AuditEntryDto>>> (HttpContext http, SearchAudit search, BusinessTime time, CancellationToken ct) =>
            {
                var actor = http.User.ToActor();
                SearchAudit.RequireAdmin(actor);
                var query = AuditQuery.Parse(http.Request.Query, time);
                return TypedResults.Ok(await search.HandleAsync(actor, query, ct));
            })
            .WithTags("Audit")
            .RequireAuthorization();

        return app;
    }
}
