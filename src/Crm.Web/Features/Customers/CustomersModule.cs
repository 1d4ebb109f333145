namespace Crm.Web.Features.Customers;

/// <summary>The Customers feature (customers: list, detail, create, change, delete and the per-owner stats): its use-case handlers, which the API and the pages share, and its endpoints.</summary>
public static class CustomersModule
{
    public static IServiceCollection AddCustomers(this IServiceCollection services)
    {
        services.AddScoped<CreateCustomer>();
        services.AddScoped<FindDuplicateCustomers>();
        services.AddScoped<GetCustomer>();
        services.AddScoped<UpdateCustomer>();
        services.AddScoped<DeleteCustomer>();
        services.AddScoped<SearchCustomers>();
        services.AddScoped<CustomerStats>();
        services.AddScoped<CustomerFilterOptions>();
        return services;
    }

    public static IEndpointRouteBuilder MapCustomers(this IEndpointRouteBuilder app) => app.MapCustomersApi();
}
