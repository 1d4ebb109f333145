using System.Net;
using Crm.Web.Tests.Infrastructure;

namespace Crm.Web.Tests;

[Collection("api")]
public sealed class HealthAndDocsTests(ApiFixture api)
{
    [Fact]
    public async Task Health_checks_the_database()
    {
        var response = await api.Anonymous().GetAsync("/healthz");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("healthy", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task OpenApi_document_and_reference_page_are_served_anonymously()
    {
        var doc = await api.Anonymous().GetStringAsync("/openapi/v1.json");
        Assert.Contains("/api/v1/sales/customers", doc);
        Assert.Contains("/api/v1/auth/login", doc);
        var page = await api.Anonymous().GetAsync("/scalar/v1");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
    }
}
