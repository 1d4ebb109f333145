using Crm.Domain.Common;
using Crm.Domain.Resources;
using Crm.Web.Infrastructure;
using Crm.Web.Infrastructure.Auth;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Crm.Web.Features.Customers;

public static class CustomersApi
{
    /// <summary>Documents the body for the OpenAPI page; the endpoints read the JSON field by field.</summary>
    public sealed record CustomerRequest(
        string? CustomerCode,
        string? Name,
        string? CustomerName,
        string? ShortName,
        string? CustomerType,
        string? Industry,
        string? Scale,
        string? Address,
        string? Website,
        DateOnly? EstablishedDate,
        decimal? CreditLimit,
        string? PaymentTerms,
        int? AccountPeriod,
        string? CustomerSource,
        long? SalesOwnerId,
        string? TransferReason,
        string? Status,
        decimal? AnnualRevenue,
        int? CooperationYears,
        int? Version);

    public static IEndpointRouteBuilder MapCustomersApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/sales/customers").WithTags("Customers").RequireAuthorization();

        group.MapPost("/", async Task<Created<CustomerDto>> (HttpContext http, CreateCustomer create, BusinessTime time, CancellationToken ct) =>
        {
            var key = Idempotency.KeyFrom(http.Request);
            var input = await ReadAsync(http, time, ct);
            var (customer, replayed) = await create.CreateAsync(http.User.ToActor(), input, key, ct);
            if (replayed)
            {
                http.Response.Headers["Idempotent-Replayed"] = "true";
            }

            return TypedResults.Created($"/api/v1/sales/customers/{customer.Id}", customer);
        })
        .Accepts<CustomerRequest>("application/json");

        group.MapGet("/", async Task<Ok<Paged<CustomerDto>>> (HttpContext http, SearchCustomers search, CancellationToken ct) =>
            TypedResults.Ok(await search.HandleAsync(http.User.ToActor(), CustomerQuery.Parse(http.Request.Query), ct)));

        group.MapGet("/stats", async Task<Ok<CustomerStatsDto>> (HttpContext http, CustomerStats stats, CancellationToken ct) =>
        {
            var errors = new ValidationErrors();
            var ownerId = QueryValues.Long(http.Request.Query, "sales_owner_id", errors);
            errors.ThrowIfAny();
            return TypedResults.Ok(await stats.HandleAsync(http.User.ToActor(), ownerId, ct));
        });

        group.MapGet("/duplicates", async Task<Ok<DuplicateCheckDto>> (HttpContext http, FindDuplicateCustomers find, CancellationToken ct) =>
        {
            var errors = new ValidationErrors();
            var exceptId = QueryValues.Long(http.Request.Query, "exclude_id", errors);
            errors.ThrowIfAny();
            return TypedResults.Ok(await find.HandleAsync(http.User.ToActor(), http.Request.Query["name"].ToString(), exceptId, ct));
        });

        group.MapGet("/{id:long}", async Task<Ok<CustomerDto>> (long id, HttpContext http, GetCustomer get, CancellationToken ct) =>
            TypedResults.Ok(await get.HandleAsync(http.User.ToActor(), id, ct)));

        group.MapPut("/{id:long}", async Task<Ok<CustomerDto>> (long id, HttpContext http, UpdateCustomer update, BusinessTime time, CancellationToken ct) =>
        {
            var input = await ReadAsync(http, time, ct);
            return TypedResults.Ok(await update.HandleAsync(http.User.ToActor(), id, input, ct));
        })
        .Accepts<CustomerRequest>("application/json");

        group.MapDelete("/{id:long}", async Task<NoContent> (long id, HttpContext http, DeleteCustomer delete, CancellationToken ct) =>
        {
            await delete.HandleAsync(http.User.ToActor(), id, ct);
            return TypedResults.NoContent();
        });

        return app;
    }

    private static async Task<CustomerInput> ReadAsync(HttpContext http, BusinessTime time, CancellationToken ct)
    {
        var body = await JsonFields.ReadAsync(http.Request, time, ct);
        var name = body.Text("name", "Label_CustomerName");
        var alias = body.Text("customer_name", "Label_CustomerName");
        if (name.IsSet && alias.IsSet && Text.Clean(name.Value) != Text.Clean(alias.Value))
        {
            body.Errors.Add("name", Messages.NameConflict);
        }

        var version = body.Integer("version", "Label_Version");
        var input = new CustomerInput
        {
            CustomerCode = body.Text("customer_code", "Label_CustomerCode"),
            Name = name.IsSet ? name : alias,
            ShortName = body.Text("short_name", "Label_ShortName"),
            CustomerType = body.Text("customer_type", "Label_CustomerType"),
            Industry = body.Text("industry", "Label_Industry"),
            Scale = body.Text("scale", "Label_Scale"),
            Address = body.Text("address", "Label_Address"),
            Website = body.Text("website", "Label_Website"),
            EstablishedDate = body.Date("established_date", "Label_EstablishedDate"),
            CustomerLevel = body.Text("customer_level", "Label_CustomerLevel"),
            CreditLimit = body.Decimal("credit_limit", "Label_CreditLimit"),
            PaymentTerms = body.Text("payment_terms", "Label_PaymentTerms"),
            AccountPeriod = body.Integer("account_period", "Label_AccountPeriod"),
            CustomerSource = body.Text("customer_source", "Label_CustomerSource"),
            SalesOwnerId = body.Id("sales_owner_id", "Label_SalesOwner"),
            TransferReason = body.Text("transfer_reason", "Label_TransferReason"),
            Status = body.Text("status", "Label_Status"),
            AnnualRevenue = body.Decimal("annual_revenue", "Label_AnnualRevenue"),
            CooperationYears = body.Integer("cooperation_years", "Label_CooperationYears"),
            Version = version.Value,
        };
        body.ThrowIfInvalid();
        return input;
    }
}
