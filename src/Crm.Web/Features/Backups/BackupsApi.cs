using Crm.Web.Infrastructure;
using Crm.Web.Infrastructure.Auth;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Crm.Web.Features.Backups;

public static class BackupsApi
{
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

        group.MapGet("/{name}", async (string name, HttpContext http, DownloadBackup download, CancellationToken ct) =>
            TypedResults.PhysicalFile(await download.HandleAsync(http.User.ToActor(), name, ct), "application/octet-stream", name));

        group.MapDelete("/{name}", async Task<NoContent> (string name, HttpContext http, DeleteBackup delete, CancellationToken ct) =>
        {
            await delete.HandleAsync(http.User.ToActor(), name, ct);
            return TypedResults.NoContent();
        });

        return app;
    }
}
