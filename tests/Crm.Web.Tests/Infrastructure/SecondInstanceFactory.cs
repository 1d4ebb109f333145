using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Crm.Web.Tests.Infrastructure;

/// <summary>The app again on the first one's database, as a second instance behind a load balancer would be.</summary>
internal sealed class SecondInstanceFactory(CrmAppFactory first) : WebApplicationFactory<Program>
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("Database:Provider", first.Provider);
        builder.UseSetting("ConnectionStrings:Crm", first.ConnectionString);
        builder.UseSetting("Admin:Password", CrmAppFactory.AdminPassword);
        builder.UseSetting("Logging:LogLevel:Default", "Warning");
    }
}
