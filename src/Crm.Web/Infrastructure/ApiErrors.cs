using System.Text.Json;
using Crm.Domain.Common;
using Crm.Domain.Resources;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.EntityFrameworkCore;

namespace Crm.Web.Infrastructure;

/// <summary>
/// The one place where exceptions become API error responses: {"detail", "errors"?}. Only a server error (500) is
/// logged, with its stack trace, at most once a minute per distinct error; a client's mistake (4xx) is not logged.
/// </summary>
public sealed partial class ApiExceptionHandler(ILogger<ApiExceptionHandler> logger, ErrorLogThrottle throttle) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        var (status, detail, errors) = exception switch
        {
            DomainValidationException v => (StatusCodes.Status400BadRequest, v.Message, v.Errors.ToDictionary()),
            NotFoundException n => (StatusCodes.Status404NotFound, n.Message, null),
            UnauthorizedException u => (StatusCodes.Status401Unauthorized, u.Message, null),
            ForbiddenException f => (StatusCodes.Status403Forbidden, f.Message, null),
            ConflictException c => (StatusCodes.Status409Conflict, c.Message, null),
            Security.TooManyAttemptsException => (StatusCodes.Status429TooManyRequests, string.Empty, null),
            DbUpdateConcurrencyException => (StatusCodes.Status409Conflict, Messages.VersionConflict, null),
            BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge } => (StatusCodes.Status413PayloadTooLarge, Security.RequestLimits.TooLargeMessage(httpContext), null),
            BadHttpRequestException b when b.InnerException is JsonException => (StatusCodes.Status400BadRequest, Messages.InvalidJson, null),
            BadHttpRequestException b => (b.StatusCode, Messages.Get(b.StatusCode == 404 ? "NotFound" : "ValidationFailed"), null),
            OperationCanceledException when httpContext.RequestAborted.IsCancellationRequested => (499, string.Empty, null),
            _ => (StatusCodes.Status500InternalServerError, Messages.InternalError, (IReadOnlyDictionary<string, string[]>?)null),
        };

        if (status == StatusCodes.Status500InternalServerError && throttle.ShouldLog(ErrorLogThrottle.KeyOf(httpContext, exception), out var suppressed))
        {
            LogUnhandled(logger, exception, httpContext.Request.Method, httpContext.Request.Path, suppressed);
        }

        if (status == 499 || httpContext.Response.HasStarted)
        {
            return true;
        }

        if (exception is Security.TooManyAttemptsException tooMany)
        {
            await Security.LoginLimitsSetup.WriteTooManyAsync(httpContext, tooMany.RetryAfter);
            return true;
        }

        await WriteAsync(httpContext, status, detail, errors);
        return true;
    }

    public static Task WriteAsync(HttpContext context, int status, string detail, IReadOnlyDictionary<string, string[]>? errors = null)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json; charset=utf-8";
        object body = errors is null ? new ErrorBody(detail) : new ValidationErrorBody(detail, errors);
        return context.Response.WriteAsJsonAsync(body, body.GetType(), ApiJson.Options, context.RequestAborted);
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Unhandled exception for {Method} {Path} ({Suppressed} identical errors in the last minute not logged)")]
    private static partial void LogUnhandled(ILogger logger, Exception exception, string method, string path, int suppressed);
}

/// <summary>Who answers an error status that no exception produced (an unknown route, a wrong method, a missing sign-in).</summary>
public static class ApiStatusCodes
{
    /// <summary>The API answers every error status with {"detail"}; the UI shows its own not-found page instead.</summary>
    public static IApplicationBuilder UseApiStatusCodes(this IApplicationBuilder app)
    {
        // Outermost, so that it sees what the API branch below left empty (only UI requests). Registered on the app
        // itself, not inside a UseWhen branch: only there does the re-executed request get routed again to the page
        // (inside a branch it answered an empty 404 and the browser showed its own error page).
        app.UseStatusCodePagesWithReExecute("/not-found", createScopeForStatusCodePages: true);
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
        return app;
    }
}

public sealed record ErrorBody(string Detail);

public sealed record ValidationErrorBody(string Detail, IReadOnlyDictionary<string, string[]> Errors);
