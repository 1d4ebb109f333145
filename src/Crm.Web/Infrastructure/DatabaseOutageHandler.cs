using Crm.Domain.Resources;
using Crm.Web.Data;
using Microsoft.AspNetCore.Diagnostics;

namespace Crm.Web.Infrastructure;

/// <summary>
/// A request that failed because the database is unavailable (file gone or read-only, server down) answers
/// 503 {"detail": "数据库暂时不可用，请稍后重试"} with Retry-After, and the outage is logged once per incident by
/// <see cref="DatabaseOutage"/>, not once per request. Runs before <see cref="ApiExceptionHandler"/>.
/// </summary>
public sealed class DatabaseOutageHandler(DatabaseOutage outage) : IExceptionHandler
{
    public const int RetryAfterSeconds = 5;

    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (!DatabaseOutage.IsUnavailable(exception))
        {
            return false;
        }

        outage.Report(exception);
        if (!httpContext.Response.HasStarted && !httpContext.RequestAborted.IsCancellationRequested)
        {
            httpContext.Response.Headers.RetryAfter = RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
            await ApiExceptionHandler.WriteAsync(httpContext, StatusCodes.Status503ServiceUnavailable, Messages.ServiceUnavailable);
        }

        return true;
    }
}
