using System.Globalization;
using Crm.Domain.Resources;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.Metadata;

namespace Crm.Web.Infrastructure.Security;

/// <summary>
/// Caps every request body before anything reads it (decision 0028): a body that announces more than its endpoint's
/// limit is answered 413 without reading a byte, and a body of unknown length stops being read at the limit.
/// JSON bodies get <see cref="BodyBytes"/>; logins and other small forms <see cref="SmallBodyBytes"/>; an endpoint that
/// takes more (an upload) says so with its own <see cref="IRequestSizeLimitMetadata"/>.
/// </summary>
public static class RequestLimits
{
    public const long SmallBodyBytes = 64 * 1024;
    public const long BodyBytes = 1024 * 1024;

    /// <summary>Marks an endpoint whose body is a handful of short fields (a login, a tag name).</summary>
    public static TBuilder SmallBody<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new BodyLimit(SmallBodyBytes));

    /// <summary>The limit for this request's endpoint; null when the endpoint lifted it.</summary>
    public static long? For(HttpContext context) =>
        context.GetEndpoint()?.Metadata.GetMetadata<IRequestSizeLimitMetadata>() is { } metadata ? metadata.MaxRequestBodySize : BodyBytes;

    public static string TooLargeMessage(HttpContext context) =>
        Messages.Format("RequestTooLarge", ((For(context) ?? BodyBytes) / 1024).ToString(CultureInfo.InvariantCulture));

    /// <summary>Runs after routing (the endpoint, and so its limit, is known) and before anything reads the body.</summary>
    public static IApplicationBuilder UseRequestLimits(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        if (For(context) is { } limit)
        {
            if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } serverLimit)
            {
                serverLimit.MaxRequestBodySize = limit;
            }

            if (context.Request.ContentLength > limit)
            {
                // Do not keep the connection: the client would otherwise go on sending the rest of the body.
                context.Response.Headers.Connection = "close";
                await ApiExceptionHandler.WriteAsync(context, StatusCodes.Status413PayloadTooLarge, TooLargeMessage(context));
                return;
            }

            if (context.Request.ContentLength is null && context.Features.Get<IHttpRequestBodyDetectionFeature>()?.CanHaveBody != false)
            {
                context.Request.Body = new CappedStream(context.Request.Body, limit);
            }
        }

        await next(context);
    });

    private sealed record BodyLimit(long? MaxRequestBodySize) : IRequestSizeLimitMetadata;

    /// <summary>A body of unknown length (chunked): reading past the limit fails as the server's own limit does.</summary>
    private sealed class CappedStream(Stream inner, long limit) : Stream
    {
        private long _read;

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => _read; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => Count(inner.Read(buffer, offset, count));

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            Count(await inner.ReadAsync(buffer, cancellationToken));

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        private int Count(int read)
        {
            _read += read;
            return _read > limit
                ? throw new BadHttpRequestException("Request body too large.", StatusCodes.Status413PayloadTooLarge)
                : read;
        }
    }
}
