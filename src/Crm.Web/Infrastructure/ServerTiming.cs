using System.Diagnostics;
using System.Globalization;

namespace Crm.Web.Infrastructure;

/// <summary>
/// With Crm:ServerTiming on, every response says how long the app worked on it: `Server-Timing: app;dur=0.412`, the
/// milliseconds from the request entering the app's pipeline to the response's first byte (decision 0087). The bench
/// reads it to split a request's time into the app's work and the wait outside it (the wire, the client's own
/// threads); a browser's developer tools show it under Timing. Off by default: it tells every caller how long the
/// server worked.
/// </summary>
public static class ServerTiming
{
    public const string Header = "Server-Timing";

    /// <summary>Outermost, so that the time covers every middleware, the handler and the JSON written before the first byte.</summary>
    public static IApplicationBuilder UseServerTiming(this IApplicationBuilder app, IConfiguration configuration) =>
        !configuration.GetValue("Crm:ServerTiming", false) ? app : app.Use(static (context, next) =>
        {
            context.Response.OnStarting(static state =>
            {
                var (response, started) = ((HttpResponse, long))state;
                response.Headers[Header] = Format(Stopwatch.GetElapsedTime(started));
                return Task.CompletedTask;
            }, (context.Response, Stopwatch.GetTimestamp()));
            return next(context);
        });

    internal static string Format(TimeSpan elapsed) =>
        "app;dur=" + elapsed.TotalMilliseconds.ToString("0.###", CultureInfo.InvariantCulture);

    /// <summary>The app's milliseconds in a header this app wrote, else null.</summary>
    public static double? Parse(string? header) =>
        header is not null && header.StartsWith("app;dur=", StringComparison.Ordinal)
            && double.TryParse(header.AsSpan("app;dur=".Length), NumberStyles.Float, CultureInfo.InvariantCulture, out var ms)
            ? ms : null;
}
