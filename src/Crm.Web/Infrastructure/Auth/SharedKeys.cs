using Crm.Web.Data;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;

namespace Crm.Web.Infrastructure.Auth;

/// <summary>
/// The Data Protection key ring (which encrypts the session cookie and the forms' antiforgery tokens) lives in the
/// database, like the token signing key: every instance on the same database reads and writes the same keys, so a
/// cookie or a form from one instance works on any other (docs/decisions/0032).
/// </summary>
public static class SharedKeys
{
    public const string ApplicationName = "crm";

    public static IServiceCollection AddSharedDataProtection(this IServiceCollection services)
    {
        // The key store asks for a context per operation and reads synchronously: it gets a short-lived one that can.
        services.AddScoped<CrmDbContext>(sp => sp.GetRequiredService<SynchronousContexts>().CreateDbContext());
        services.AddDataProtection().SetApplicationName(ApplicationName).PersistKeysToDbContext<CrmDbContext>();
        return services;
    }

    /// <summary>Loads the key ring before the first request (creating the first key, once, when there is none).</summary>
    public static void EnsureKey(IServiceProvider services) =>
        services.GetRequiredService<IDataProtectionProvider>().CreateProtector("crm.startup").Protect([1]);
}
