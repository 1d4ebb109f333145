using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Crm.Web.Tests.Infrastructure;

/// <summary>Keeps every log entry the app writes, so that a test can count what an operator would read.</summary>
public sealed class LogCapture : ILoggerProvider
{
    public ConcurrentQueue<LogEntry> Entries { get; } = new();

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public IReadOnlyList<LogEntry> At(LogLevel minimum) => Entries.Where(e => e.Level >= minimum).ToList();

    public void Dispose()
    {
    }

    private sealed class Logger(LogCapture capture, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
            {
                capture.Entries.Enqueue(new LogEntry(category, logLevel, formatter(state, exception), exception));
            }
        }
    }
}

public sealed record LogEntry(string Category, LogLevel Level, string Message, Exception? Exception);
