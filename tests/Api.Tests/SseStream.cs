using System.Text;

namespace Runtype.Api.Tests;

/// <summary>Reads a text/event-stream response: events (id, event, data) and comment lines.</summary>
public sealed class SseStream(HttpResponseMessage response) : IDisposable
{
    private StreamReader? _reader;

    public sealed record Item(string? Id, string? Event, string? Data, string? Comment);

    public HttpResponseMessage Response => response;

    /// <summary>The next event or comment; null at the end of the stream.</summary>
    public async Task<Item?> NextAsync(CancellationToken cancellation)
    {
        _reader ??= new StreamReader(await response.Content.ReadAsStreamAsync(cancellation), Encoding.UTF8);
        string? id = null, type = null, comment = null;
        var data = new StringBuilder();
        while (await _reader.ReadLineAsync(cancellation) is { } line)
        {
            if (line.Length == 0)
            {
                if (id is not null || type is not null || data.Length > 0 || comment is not null)
                {
                    return new Item(id, type, data.Length > 0 ? data.ToString() : null, comment);
                }

                continue;
            }

            if (line.StartsWith(':'))
            {
                comment = line[1..].Trim();
            }
            else if (line.StartsWith("id: ", StringComparison.Ordinal))
            {
                id = line[4..];
            }
            else if (line.StartsWith("event: ", StringComparison.Ordinal))
            {
                type = line[7..];
            }
            else if (line.StartsWith("data: ", StringComparison.Ordinal))
            {
                data.Append(line[6..]);
            }
        }

        return null;
    }

    /// <summary>The next <paramref name="count"/> events, skipping comments; fails the test if they take longer than <paramref name="within"/>.</summary>
    public async Task<List<Item>> EventsAsync(int count, TimeSpan within, Func<Item, bool>? keep = null)
    {
        using var timeout = new CancellationTokenSource(within);
        var events = new List<Item>();
        while (events.Count < count)
        {
            var item = await NextAsync(timeout.Token) ?? throw new InvalidOperationException($"The stream ended after {events.Count} of {count} events.");
            if (item.Event is not null && (keep is null || keep(item)))
            {
                events.Add(item);
            }
        }

        return events;
    }

    public void Dispose()
    {
        _reader?.Dispose();
        response.Dispose();
    }
}
