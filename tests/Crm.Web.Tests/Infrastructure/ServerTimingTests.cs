using System.Net;
using Crm.Web.Infrastructure;
using Crm.Web.Tests.Backups;

namespace Crm.Web.Tests.Infrastructure;

/// <summary>Crm:ServerTiming (decision 0087): with it on, every answer says how long the app worked on it.</summary>
public sealed class ServerTimingTests : OwnAppTests
{
    private protected override CrmAppFactory CreateFactory() => new BackupAppFactory(new() { ["Crm:ServerTiming"] = "true" });

    [Theory]
    [InlineData("/api/v1/sales/customers", HttpStatusCode.OK)]
    [InlineData("/api/v1/sales/customers?page=-1", HttpStatusCode.BadRequest)]
    [InlineData("/api/v1/sales/customers/987654", HttpStatusCode.NotFound)]
    [InlineData("/api/v1/sales/customer-tags/predefined", HttpStatusCode.OK)]
    public async Task Every_answer_carries_the_apps_milliseconds(string path, HttpStatusCode status)
    {
        var response = await Api.Admin.GetAsync(path);

        Assert.Equal(status, response.StatusCode);
        var header = response.Headers.GetValues(ServerTiming.Header).Single();
        Assert.Matches(@"^app;dur=\d+(\.\d{1,3})?$", header);
        Assert.True(ServerTiming.Parse(header) > 0, header);
    }

    [Fact]
    public async Task A_signed_out_caller_gets_it_too()
    {
        var response = await Api.Anonymous().GetAsync("/api/v1/sales/customers");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.True(ServerTiming.Parse(response.Headers.GetValues(ServerTiming.Header).Single()) > 0);
    }
}

/// <summary>Off by default: an app set up as shipped tells no caller how long it worked.</summary>
[Collection("api")]
public sealed class ServerTimingOffTests(ApiFixture api)
{
    [Theory]
    [InlineData("/api/v1/sales/customers")]
    [InlineData("/api/v1/sales/customers?page=-1")]
    [InlineData("/healthz")]
    public async Task No_answer_carries_it(string path)
    {
        var response = await api.Admin.GetAsync(path);

        Assert.False(response.Headers.Contains(ServerTiming.Header));
    }
}
