using System.Globalization;
using Crm.Domain.Common;
using Crm.Domain.Resources;
using Crm.Web.Components;
using Crm.Web.Data;
using Crm.Web.Features;
using Crm.Web.Features.Auth;
using Crm.Web.Features.Contacts;
using Crm.Web.Features.Customers;
using Crm.Web.Features.Customers.Search;
using Crm.Web.Features.FollowUps;
using Crm.Web.Features.Stats;
using Crm.Web.Features.Tags;
using Crm.Web.Features.Users;
using Crm.Web.Infrastructure;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Scalar.AspNetCore;

var builder = WebApplication.CreateBuilder(args);

// The README's command must work in any environment: serve static web assets from build output too.
builder.WebHost.UseStaticWebAssets();
if (string.IsNullOrEmpty(builder.Configuration["urls"]) && string.IsNullOrEmpty(builder.Configuration["ASPNETCORE_URLS"]))
{
    builder.WebHost.UseUrls("http://localhost:5080");
}

builder.Services.AddSingleton(TimeProvider.System);
builder.Services.AddSingleton(BusinessTime.For(builder.Configuration["Crm:TimeZone"]));
builder.Services.AddCrmData(builder.Configuration);
builder.Services.AddCrmAuth(builder.Configuration);
builder.Services.AddUsersFeature();
builder.Services.AddCustomersFeature();
builder.Services.AddContactsFeature();
builder.Services.AddTagsFeature();
builder.Services.AddFollowUpsFeature();
builder.Services.AddStatsFeature();

builder.Services.ConfigureHttpJsonOptions(o => ApiJson.Configure(o.SerializerOptions));
builder.Services.AddExceptionHandler<ApiExceptionHandler>();
builder.Services.AddProblemDetails();
builder.Services.AddHealthChecks().AddCheck<DatabaseHealthCheck>("database");
builder.Services.AddOpenApi();
builder.Services.AddLocalization();
builder.Services.AddCrmUi();

var app = builder.Build();

await DataSetup.MigrateAsync(app.Services);
await SearchBackfill.RunAsync(app.Services);
await AuthSetup.LoadSigningKeyAsync(app.Services);
await using (var scope = app.Services.CreateAsyncScope())
{
    await scope.ServiceProvider.GetRequiredService<ManageUsers>().SeedFirstAdminAsync(app.Configuration, CancellationToken.None);
}

app.UseExceptionHandler();
// The API answers every error status with {"detail"}; the UI shows its own not-found page instead.
app.UseWhen(context => !UiPaths.IsUi(context.Request), api => api.UseStatusCodePages(async context =>
{
    var status = context.HttpContext.Response.StatusCode;
    var detail = status switch
    {
        StatusCodes.Status404NotFound => Messages.NotFound,
        StatusCodes.Status405MethodNotAllowed => Messages.MethodNotAllowed,
        StatusCodes.Status401Unauthorized => Messages.Unauthorized,
        StatusCodes.Status403Forbidden => Messages.Forbidden,
        StatusCodes.Status415UnsupportedMediaType => Messages.UnsupportedMediaType,
        _ => Messages.ValidationFailed,
    };
    await ApiExceptionHandler.WriteAsync(context.HttpContext, status, detail);
}));
app.UseWhen(context => UiPaths.IsUi(context.Request), ui => ui.UseStatusCodePagesWithReExecute("/not-found", createScopeForStatusCodePages: true));
app.UseRequestLocalization(options =>
{
    string[] cultures = ["zh-CN", "en"];
    options.SetDefaultCulture("zh-CN").AddSupportedCultures(cultures).AddSupportedUICultures(cultures);
    options.FallBackToParentUICultures = true;
    options.FallBackToParentCultures = true;
    _ = CultureInfo.GetCultureInfo("zh-CN");
});
app.UseAuthentication();
app.UseAuthorization();
app.UseAntiforgery();

app.MapOpenApi().AllowAnonymous();
app.MapScalarApiReference().AllowAnonymous();
app.MapHealthChecks("/healthz", new HealthCheckOptions
{
    ResponseWriter = (context, report) =>
        context.Response.WriteAsJsonAsync(new { status = report.Status.ToString().ToLowerInvariant() }),
}).AllowAnonymous();

app.MapAuthApi();
app.MapUsersApi();
app.MapCustomersApi();
app.MapContactsApi();
app.MapTagsApi();
app.MapFollowUpsApi();
app.MapStatsApi();
app.MapCrmUi();

await app.RunAsync();

/// <summary>Entry point, visible to the integration tests' WebApplicationFactory.</summary>
public partial class Program;
