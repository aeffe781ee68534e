using System.Diagnostics;

namespace Runtype.Grains.Telemetry;

/// <summary>
/// Spans of our own, on the activity source named <see cref="SourceName"/>: where a request's trace would
/// otherwise lose sight of work done on its behalf (a group commit serves many requests at once). Starting one
/// costs nothing unless a listener (OpenTelemetry) subscribes.
/// </summary>
public static class RuntypeTracing
{
    public const string SourceName = "Runtype";

    public static readonly ActivitySource Source = new(SourceName);
}
