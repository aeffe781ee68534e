using System.Text;

namespace Runtype.Client;

/// <summary>
/// Reads a <c>text/event-stream</c> body into (id, event, data) records, as the WHATWG Server-Sent Events rules
/// say: fields end at a blank line, <c>data</c> lines join with a newline, a line starting with <c>:</c> is a comment
/// (the server's keep-alive), and an event cut off by the end of the stream is dropped, never half-dispatched.
/// </summary>
internal sealed class SseEventReader(Stream body) : IDisposable
{
    private readonly StreamReader _reader = new(body, Encoding.UTF8);

    public sealed record Item(string? Id, string? Type, string Data);

    /// <summary>The next event with data; null when the stream ends. <paramref name="onLine"/> runs for every line read.</summary>
    public async Task<Item?> NextAsync(Action onLine, CancellationToken cancellationToken)
    {
        string? id = null, type = null;
        StringBuilder? data = null;
        while (await _reader.ReadLineAsync(cancellationToken).ConfigureAwait(false) is { } line)
        {
            onLine();
            if (line.Length == 0)
            {
                if (data is not null)
                {
                    return new Item(id, type, data.ToString());
                }

                id = type = null;
                continue;
            }

            if (line[0] == ':')
            {
                continue;
            }

            var colon = line.IndexOf(':', StringComparison.Ordinal);
            var field = colon < 0 ? line : line[..colon];
            var value = colon < 0 ? "" : line[(colon + 1)..];
            if (value.StartsWith(' '))
            {
                value = value[1..];
            }

            switch (field)
            {
                case "id" when !value.Contains('\0', StringComparison.Ordinal):
                    id = value;
                    break;
                case "event":
                    type = value;
                    break;
                case "data":
                    data = data is null ? new StringBuilder(value) : data.Append('\n').Append(value);
                    break;
                default:
                    break; // retry and unknown fields: nothing the client needs.
            }
        }

        return null;
    }

    public void Dispose() => _reader.Dispose();
}
