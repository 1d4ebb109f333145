using Crm.Web;
using Crm.Web.Components;
using Crm.Web.Data;
using Crm.Web.Features.Audit;
using Crm.Web.Features.Auth;
using Crm.Web.Features.Backups;
using Crm.Web.Features.Contacts;
using Crm.Web.Features.Customers;
using Crm.Web.Features.FollowUps;
using Crm.Web.Features.ImportExport;
using Crm.Web.Features.ListViews;
using Crm.Web.Features.Stats;
using Crm.Web.Features.Tags;
using Crm.Web.Features.Transfers;
using Crm.Web.Features.Users;
using Crm.Web.Features.Workbench;
using Crm.Web.Infrastructure;
using Crm.Web.Infrastructure.Auth;
using Crm.Web.Infrastructure.Security;

// `backup --out FILE` / `restore --from FILE [--force]`: the same settings, no web server.
if (BackupCommand.IsCommand(args))
{
    return await BackupCommand.RunAsync(args);
}

var builder = WebApplication.CreateBuilder(args).UseCrmHosting();

// The shared base (see docs/ARCHITECTURE.md), then one line per feature: its handlers, shared by the API and the pages.
builder.Services.AddCrmInfrastructure(builder.Configuration).AddCrmData(builder.Configuration);
builder.Services.AddCrmAuthentication(builder.Configuration).AddCrmUi();
builder.Services.AddAuth().AddUsers().AddCustomers().AddContacts().AddTags().AddFollowUps().AddStats().AddAudit().AddTransfers().AddImportExport();
builder.Services.AddWorkbench();
builder.Services.AddListViews();
builder.Services.AddBackups();

var app = builder.Build();
await StartupTasks.RunAsync(app.Services);

app.UseServerTiming(app.Configuration);
app.UseExceptionHandler();
app.UseApiStatusCodes();
app.UseCrmLocalization();
app.UseCrmSecurity();
app.UseAuthentication();
app.UseDeferredOutage();
app.UseAuthorization();
app.UseAntiforgery();

app.MapApiDocs();
app.MapCrmHealth();
app.MapAuth();
app.MapUsers();
app.MapCustomers();
app.MapListViews();
app.MapContacts();
app.MapTags();
app.MapFollowUps();
app.MapStats();
app.MapBackups();
app.MapAudit();
app.MapTransfers();
app.MapImportExport();
app.MapWorkbench();
app.MapCrmUi();

await app.RunAsync();
return 0;

/// <summary>Entry point, visible to the integration tests' WebApplicationFactory.</summary>
public partial class Program;
