using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Runtype.Api.Tests;

/// <summary>Every log entry the test host writes, at every level, with its rendered text.</summary>
public sealed class LogCapture : ILoggerProvider
{
    public ConcurrentQueue<Entry> Entries { get; } = new();

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    /// <summary>Everything logged so far, messages and exceptions, as one text to search.</summary>
    public string Text() => string.Join('\n', Entries.Select(e => $"{e.Text}\n{e.Exception}"));

    public void Dispose()
    {
    }

    public sealed record Entry(string Category, LogLevel Level, EventId EventId, string Text, string? Exception);

    private sealed class Logger(LogCapture capture, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            capture.Entries.Enqueue(new Entry(category, logLevel, eventId, formatter(state, exception), exception?.ToString()));
    }
}
