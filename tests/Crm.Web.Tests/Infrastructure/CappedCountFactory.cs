using Microsoft.AspNetCore.Hosting;

namespace Crm.Web.Tests.Infrastructure;

/// <summary>The app with a small Crm:ListCountCap, so that totals beyond the cap take a handful of records.</summary>
internal sealed class CappedCountFactory(int cap) : CrmAppFactory
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Crm:ListCountCap", cap.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }
}
