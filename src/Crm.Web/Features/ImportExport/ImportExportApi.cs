using System.Security.Claims;
using Crm.Domain.Common;
using Crm.Domain.Resources;
using Crm.Web.Infrastructure;
using Crm.Web.Infrastructure.Auth;
using Crm.Web.Infrastructure.Security;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Crm.Web.Features.ImportExport;

public static class ImportExportApi
{
    public const string XlsxType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    /// <summary>An upload may be 20 MB of spreadsheet plus the form around it; larger bodies are refused before they are read.</summary>
    private const long UploadBodyBytes = SpreadsheetUpload.MaxBytes + (1024 * 1024);

    public static IEndpointRouteBuilder MapImportExportApi(this IEndpointRouteBuilder app)
    {
        var customers = app.MapGroup("/api/v1/sales/customers").WithTags("Import and export").RequireAuthorization();

        customers.MapGet("/import-template", (HttpContext http) =>
            TypedResults.File(CustomerTemplate.Write(http.User.FindFirstValue("username") ?? ""), XlsxType, "客户导入模板.xlsx"));

        customers.MapPost("/import", async Task<Ok<ImportResultDto>> (HttpContext http, ImportCustomers import, CancellationToken ct) =>
        {
            var (dryRun, onDuplicate) = ReadOptions(http.Request.Query);
            var (content, fileName) = await ReadFileAsync(http.Request, ct);
            return TypedResults.Ok(await import.HandleAsync(http.User.ToActor(), content, fileName, dryRun, onDuplicate, progress: null, ct));
        })
        .WithMetadata(new RequestSizeLimitAttribute(UploadBodyBytes))
        .DisableAntiforgery()
        .Accepts<IFormFile>("multipart/form-data");

        customers.MapGet("/export", async Task<FileStreamHttpResult> (HttpContext http, ExportCustomers export, CancellationToken ct) =>
        {
            var format = SheetExport.ParseFormat(QueryValues.Single(http.Request.Query, "format"));
            var query = Customers.CustomerQuery.Parse(http.Request.Query);
            var file = await export.HandleAsync(http.User.ToActor(), query, format, ct);
            return TypedResults.File(file.Content, SheetExport.ContentType(format), $"客户.{format.ToString().ToLowerInvariant()}");
        });

        var contacts = app.MapGroup("/api/v1/sales/contacts").WithTags("Import and export").RequireAuthorization();

        contacts.MapGet("/import-template", () => TypedResults.File(ContactTemplate.Write(), XlsxType, "联系人导入模板.xlsx"));

        contacts.MapPost("/import", async Task<Ok<ImportResultDto>> (HttpContext http, ImportContacts import, CancellationToken ct) =>
        {
            var (dryRun, onDuplicate) = ReadOptions(http.Request.Query);
            var (content, fileName) = await ReadFileAsync(http.Request, ct);
            return TypedResults.Ok(await import.HandleAsync(http.User.ToActor(), content, fileName, dryRun, onDuplicate, progress: null, ct));
        })
        .WithMetadata(new RequestSizeLimitAttribute(UploadBodyBytes))
        .DisableAntiforgery()
        .Accepts<IFormFile>("multipart/form-data");

        contacts.MapGet("/export", async Task<FileStreamHttpResult> (HttpContext http, ExportContacts export, CancellationToken ct) =>
        {
            var format = SheetExport.ParseFormat(QueryValues.Single(http.Request.Query, "format"));
            var query = Contacts.ContactQuery.Parse(http.Request.Query);
            var file = await export.HandleAsync(http.User.ToActor(), query, format, ct);
            return TypedResults.File(file.Content, SheetExport.ContentType(format), $"联系人.{format.ToString().ToLowerInvariant()}");
        });

        var imports = app.MapGroup("/api/v1/sales/imports").WithTags("Import and export").RequireAuthorization();

        imports.MapGet("/", async Task<Ok<Paged<ImportDto>>> (HttpContext http, ImportHistory history, CancellationToken ct) =>
        {
            var errors = new ValidationErrors();
            var page = QueryValues.Int(http.Request.Query, "page", 1, int.MaxValue, () => Messages.PageInvalid, errors) ?? 1;
            var pageSize = QueryValues.Int(http.Request.Query, "page_size", 1, 100, () => Messages.PageSizeInvalid, errors) ?? 20;
            errors.ThrowIfAny();
            return TypedResults.Ok(await history.HandleAsync(http.User.ToActor(), page, pageSize, ct));
        });

        imports.MapGet("/{id:long}", async Task<Ok<ImportStatusDto>> (long id, HttpContext http, ImportHistory history, ImportProgress progress, CancellationToken ct) =>
            TypedResults.Ok(await history.OneAsync(http.User.ToActor(), id, progress, ct)));

        imports.MapGet("/{id:long}/errors.xlsx", async Task<FileStreamHttpResult> (long id, HttpContext http, ImportErrorReport report, CancellationToken ct) =>
        {
            var (content, fileName) = await report.HandleAsync(http.User.ToActor(), id, ct);
            return TypedResults.File(content, XlsxType, fileName);
        });

        imports.MapPost("/{id:long}/revert", async Task<Ok<RevertResultDto>> (long id, HttpContext http, RevertImport revert, CancellationToken ct) =>
            TypedResults.Ok(await revert.HandleAsync(http.User.ToActor(), id, ct)))
            .SmallBody();

        return app;
    }

    public static (bool DryRun, OnDuplicate OnDuplicate) ReadOptions(IQueryCollection query)
    {
        var errors = new ValidationErrors();
        var dryRun = QueryValues.Bool(query, "dry_run", errors) ?? false;
        var onDuplicate = OnDuplicate.Skip;
        if (QueryValues.Single(query, "on_duplicate") is { Length: > 0 } text)
        {
            if (!Enum.TryParse(text, ignoreCase: true, out onDuplicate) || !Enum.IsDefined(onDuplicate) || text.Any(char.IsDigit))
            {
                errors.Add("on_duplicate", Messages.ImportOnDuplicateInvalid);
            }
        }

        errors.ThrowIfAny();
        return (dryRun, onDuplicate);
    }

    /// <summary>The multipart field <c>file</c>, read into memory only when it is within the 20 MB limit.</summary>
    public static async Task<(byte[] Content, string FileName)> ReadFileAsync(HttpRequest request, CancellationToken ct)
    {
        if (!request.HasFormContentType)
        {
            throw SpreadsheetUpload.Refused(Messages.ImportFileMissing);
        }

        var form = await request.ReadFormAsync(ct);
        var file = form.Files.GetFile("file") ?? throw SpreadsheetUpload.Refused(Messages.ImportFileMissing);
        if (file.Length > SpreadsheetUpload.MaxBytes)
        {
            throw SpreadsheetUpload.Refused(Messages.Format("ImportFileTooLarge", SpreadsheetUpload.MaxBytes / 1024 / 1024));
        }

        if (file.Length == 0)
        {
            throw SpreadsheetUpload.Refused(Messages.ImportEmpty);
        }

        using var buffer = new MemoryStream((int)file.Length);
        await file.CopyToAsync(buffer, ct);
        return (buffer.ToArray(), file.FileName);
    }
}
