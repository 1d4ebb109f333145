using Crm.Web.Infrastructure;

namespace Crm.Web.Features.Transfers;

/// <summary>The Transfers feature (transfer requests and their approval, direct and bulk reassignment): its use-case handlers, which the API and the pages share, and its endpoints.</summary>
public static class TransfersModule
{
    public static IServiceCollection AddTransfers(this IServiceCollection services)
    {
        services.AddScoped<TransferCustomer>();
        services.AddScoped<ListTransferRequests>();
        services.AddScoped<DecideTransfer>();
        services.AddScoped<CancelTransfer>();
        services.AddScoped<ReassignCustomers>();
        services.AddScoped<TransferTargets>();
        services.AddScoped<IMenuBadge, PendingTransfersBadge>();
        return services;
    }

    public static IEndpointRouteBuilder MapTransfers(this IEndpointRouteBuilder app) => app.MapTransfersApi();
}
