using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Crm.Web.Data;
using Crm.Web.Infrastructure;
using Crm.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Web.Tests;

[Collection("api")]
public sealed class HealthAndDocsTests(ApiFixture api)
{
    [Fact]
    public async Task Health_checks_the_database()
    {
        var response = await api.Anonymous().GetAsync("/healthz");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("healthy", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString());
    }

    [Fact]
    public async Task Health_answers_503_unhealthy_when_the_database_does_not_answer()
    {
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseTestServer();
        builder.Services.AddSingleton<IDbContextFactory<CrmDbContext>, UnreachableDatabase>();
        builder.Services.AddCrmHealth();
        await using var app = builder.Build();
        app.MapCrmHealth();
        await app.StartAsync();

        var response = await app.GetTestClient().GetAsync("/healthz");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("unhealthy", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString());
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

/// <summary>A database that cannot be reached: every context creation fails, as a refused connection does.</summary>
internal sealed class UnreachableDatabase : IDbContextFactory<CrmDbContext>
{
    public CrmDbContext CreateDbContext() => throw new InvalidOperationException("database unreachable");
}
