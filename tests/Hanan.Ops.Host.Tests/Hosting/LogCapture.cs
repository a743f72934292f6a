using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Hanan.Ops.Host.Tests.Hosting;

/// <summary>
/// A log provider for tests: every line at Information or above that reaches the providers, as everything a provider
/// could write of it: the formatted message, each structured value, the exception (with its inner exceptions'
/// messages and stack) and the values of every scope around it.
/// </summary>
public sealed class LogCapture : ILoggerProvider, ISupportExternalScope
{
    private readonly ConcurrentQueue<CapturedLine> _lines = new();
    private IExternalScopeProvider _scopes = new LoggerExternalScopeProvider();

    public IReadOnlyCollection<CapturedLine> Lines => _lines;

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void SetScopeProvider(IExternalScopeProvider scopeProvider) => _scopes = scopeProvider;

    public void Dispose()
    {
    }

    private sealed class Logger(LogCapture capture, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => capture._scopes.Push(state);

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!IsEnabled(logLevel))
            {
                return;
            }

            var parts = new List<string> { formatter(state, exception) };
            parts.AddRange(Values(state));
            if (exception is not null)
            {
                parts.Add(exception.ToString());
            }

            capture._scopes.ForEachScope((scope, list) => list.AddRange(Values(scope)), parts);
            capture._lines.Enqueue(new CapturedLine(category, logLevel, parts[0], string.Join('\n', parts)));
        }

        private static IEnumerable<string> Values(object? state) => state is IEnumerable<KeyValuePair<string, object?>> pairs
            ? pairs.Select(p => $"{p.Key}={p.Value}")
            : [state?.ToString() ?? ""];
    }
}

/// <summary>A captured line: <see cref="Everything"/> is all a provider could write of it.</summary>
public sealed record CapturedLine(string Category, LogLevel Level, string Message, string Everything);
