using System.Collections.Concurrent;
using System.Net;
using Crm.Domain.Common;
using Crm.Web.Infrastructure;
using Crm.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace Crm.Web.Tests.Security;

/// <summary>The log stays readable under attack (issue 12): client errors write no stack traces, a repeated failure is logged once a minute.</summary>
public sealed class ErrorLogTests
{
    [Fact]
    public async Task Client_errors_write_no_stack_trace_to_the_log()
    {
        var logs = new CapturedLogs();
        using var factory = new LoggingFactory(logs);
        var api = new ApiFixture(factory);
        await api.InitializeAsync();
        var anonymous = api.Anonymous();

        var responses = new[]
        {
            await anonymous.PostRawAsync("/api/v1/auth/login", """{"username":"\ud800","password":"x"}"""),
            await anonymous.PostRawAsync("/api/v1/auth/login", "{\"username\":"),
            await anonymous.PostRawAsync("/api/v1/auth/login", """{"username":"a","username":"b"}"""),
            await anonymous.PostRawAsync("/api/v1/auth/login", """{"username":"admin","password":"wrong"}"""),
            await anonymous.PostRawAsync("/api/v1/auth/login", "{\"username\":\"" + new string('a', 100_000) + "\"}"),
            await api.Admin.PostRawAsync("/api/v1/sales/customers", """{"name":"\u0000"}"""),
            await api.Admin.GetAsync("/api/v1/sales/customers/987654321"),
            await api.Admin.GetAsync("/api/v1/sales/customers?page=0"),
            await anonymous.GetAsync("/api/v1/sales/customers"),
        };

        Assert.All(responses, r => Assert.InRange((int)r.StatusCode, 400, 499));
        var traces = logs.Entries.Where(e => e.Exception is not null || e.Message.Contains("   at ", StringComparison.Ordinal)).ToList();
        Assert.True(traces.Count == 0, "logged with a stack trace:\n" + string.Join("\n", traces.Select(e => $"{e.Level} {e.Category}: {e.Message} {e.Exception?.GetType()}")));
    }

    [Fact]
    public async Task The_same_server_error_is_logged_once_a_minute_with_the_count_of_repeats_left_out()
    {
        var logs = new CapturedLogs();
        var clock = new FakeTimeProvider(DateTimeOffset.Parse("2026-03-01T08:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
        var handler = new ApiExceptionHandler(new CapturingLogger<ApiExceptionHandler>(logs), new ErrorLogThrottle(clock));

        for (var i = 0; i < 50; i++)
        {
            await handler.TryHandleAsync(Request("/api/v1/sales/customers"), new InvalidOperationException("disk I/O error"), default);
        }

        await handler.TryHandleAsync(Request("/api/v1/sales/customers"), new InvalidOperationException("another failure"), default);
        await handler.TryHandleAsync(Request("/api/v1/sales/customers"), new DomainValidationException(new ValidationErrors()), default);
        Assert.Equal(2, logs.Entries.Count);

        clock.Advance(ErrorLogThrottle.Window + TimeSpan.FromSeconds(1));
        await handler.TryHandleAsync(Request("/api/v1/sales/customers"), new InvalidOperationException("disk I/O error"), default);
        Assert.Equal(3, logs.Entries.Count);
        Assert.Contains("49 identical errors", logs.Entries[^1].Message, StringComparison.Ordinal);
    }

    private static DefaultHttpContext Request(string path)
    {
        var context = new DefaultHttpContext();
        context.Request.Method = "POST";
        context.Request.Path = path;
        context.Response.Body = new MemoryStream();
        return context;
    }

    public sealed record Entry(string Category, LogLevel Level, string Message, Exception? Exception);

    public sealed class CapturedLogs : ILoggerProvider
    {
        private readonly ConcurrentQueue<Entry> _entries = new();

        public IReadOnlyList<Entry> Entries => _entries.ToList();

        public void Add(Entry entry) => _entries.Enqueue(entry);

        public ILogger CreateLogger(string categoryName) => new CapturingLogger<object>(this, categoryName);

        public void Dispose()
        {
        }
    }

    private sealed class CapturingLogger<T>(CapturedLogs logs, string? category = null) : ILogger<T>
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            logs.Add(new Entry(category ?? typeof(T).FullName!, logLevel, formatter(state, exception), exception));
    }

    /// <summary>The app with the production log levels (appsettings.json), every entry captured.</summary>
    private sealed class LoggingFactory(CapturedLogs logs) : CrmAppFactory
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseSetting("Logging:LogLevel:Default", "Information");
            builder.UseSetting("Logging:LogLevel:Microsoft.AspNetCore", "Warning");
            builder.ConfigureServices(services => services.AddLogging(l => l.AddProvider(logs)));
        }
    }
}
