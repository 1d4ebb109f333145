using Crm.Web.Infrastructure;
using Crm.Web.Infrastructure.Auth;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Crm.Web.Features.Backups;

public static class BackupsApi
{
    /// <summary>Where the page links a backup for download (a cookie route outside /api).</summary>
    public const string PageDownloadPrefix = "/files/backups/";

    private static async Task<PhysicalFileHttpResult> Download(string name, HttpContext http, DownloadBackup download, CancellationToken ct) =>
        TypedResults.PhysicalFile(await download.HandleAsync(http.User.ToActor(), name, ct), "application/octet-stream", name);

    public static IEndpointRouteBuilder MapBackupsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/admin/backups").WithTags("Backups").RequireAuthorization(AuthSetup.AdminPolicy);

        group.MapGet("/", async Task<Ok<IReadOnlyList<BackupDto>>> (HttpContext http, ListBackups list, CancellationToken ct) =>
            TypedResults.Ok(await list.HandleAsync(http.User.ToActor(), ct)));

        group.MapGet("/status", async Task<Ok<BackupStatusDto>> (HttpContext http, GetBackupStatus status, CancellationToken ct) =>
            TypedResults.Ok(await status.HandleAsync(http.User.ToActor(), ct)));

        // Back up now: 201 with the verified backup, 409 while one runs, 500 with the reason when it failed.
        group.MapPost("/", async Task<Results<Created<BackupDto>, JsonHttpResult<ErrorBody>>> (HttpContext http, TakeBackup take, CancellationToken ct) =>
        {
            try
            {
                var backup = await take.HandleAsync(http.User.ToActor(), ct);
                return TypedResults.Created($"/api/v1/admin/backups/{backup.Name}", backup);
            }
            catch (BackupFailedException ex)
            {
                return TypedResults.Json(new ErrorBody(ex.Message), ApiJson.Options, statusCode: StatusCodes.Status500InternalServerError);
            }
        });

        group.MapGet("/{name}", Download);

        group.MapDelete("/{name}", async Task<NoContent> (string name, HttpContext http, DeleteBackup delete, CancellationToken ct) =>
        {
            await delete.HandleAsync(http.User.ToActor(), name, ct);
            return TypedResults.NoContent();
        });

        // The 数据备份 page's download link: the same file for the UI's session cookie (the API takes bearer tokens
        // only, decision 0013), streamed from disk rather than through the circuit since a backup can be gigabytes.
        app.MapGet(PageDownloadPrefix + "{name}", Download).RequireAuthorization(AuthSetup.AdminPolicy).ExcludeFromDescription();

        return app;
    }
}
