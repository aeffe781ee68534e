using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;

namespace Runtype.Testing.History;

/// <summary>
/// The history of one run: every operation with every request it sent and every answer it got, faults injected, and
/// a logical clock. The clock is a counter, not a wall clock: each tick is taken once, in order, by one thread, so an
/// acknowledgement stamped before a read's start stamp really came before it.
/// </summary>
public sealed class HistoryRecorder
{
    private readonly ConcurrentQueue<Operation> _operations = new();
    private readonly ConcurrentQueue<(long Tick, TimeSpan At, string What)> _faults = new();
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private long _tick;
    private int _nextId;
    private long _acknowledged;
    private long _unknownAnswers;

    public HistoryRecorder(int seed) => Seed = seed;

    public int Seed { get; }

    public IReadOnlyList<Operation> Operations => [.. _operations.OrderBy(o => o.Id)];

    public IReadOnlyList<(long Tick, TimeSpan At, string What)> Faults => [.. _faults];

    public TimeSpan Elapsed => _clock.Elapsed;

    /// <summary>Writes acknowledged so far (2xx): what a fault test waits on before it strikes.</summary>
    public long Acknowledged => Interlocked.Read(ref _acknowledged);

    /// <summary>Exchanges that got no definitive answer (no answer, or a 5xx).</summary>
    public long UnknownAnswers => Interlocked.Read(ref _unknownAnswers);

    internal void CountAcknowledged() => Interlocked.Increment(ref _acknowledged);

    internal void CountUnknownAnswer() => Interlocked.Increment(ref _unknownAnswers);

    /// <summary>The next tick of the logical clock.</summary>
    public long Now() => Interlocked.Increment(ref _tick);

    public Operation Begin(Operation operation)
    {
        ArgumentNullException.ThrowIfNull(operation);
        operation.Start = Now();
        _operations.Enqueue(operation);
        return operation;
    }

    public int NextId() => Interlocked.Increment(ref _nextId);

    /// <summary>Notes a fault (a kill, a cut, a heal) on the same clock as the operations.</summary>
    public void Fault(string what) => _faults.Enqueue((Now(), _clock.Elapsed, what));

    /// <summary>Writes the whole history as JSON lines (one operation or fault a line) and returns the path.</summary>
    public string Save(string name)
    {
        var folder = Path.Combine(Path.GetTempPath(), "runtype-history");
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, $"{name}-seed{Seed}-{DateTime.UtcNow:yyyyMMddHHmmss}.jsonl");
        using var file = File.CreateText(path);
        foreach (var (tick, at, what) in _faults.OrderBy(f => f.Tick))
        {
            file.WriteLine(JsonSerializer.Serialize(new { fault = what, tick, seconds = at.TotalSeconds }));
        }

        foreach (var op in Operations)
        {
            file.WriteLine(JsonSerializer.Serialize(new
            {
                op.Id, op.Client, op.Owner, kind = op.Kind.ToString(), op.ConversationId, op.IdempotencyKey, op.Racing, op.Start, op.End,
                outcome = op.Outcome.ToString(), op.Note, op.Requested, op.TargetMessageId, op.ExternalThreadId, op.RedeliveryOf,
                messages = op.Messages, answered = op.Answered, op.Duplicate, import = op.ImportAnswer is { } i ? new { i.Imported, i.Skipped, i.MessageCount } : null,
                conversation = op.AnsweredConversation, attempts = op.Attempts, mail = op.Mail,
                messagePages = op.MessagePages.Select(p => new { p.PageIndex, p.Descending, p.Limit, p.TotalCount, p.HasNext, p.Start, p.End, ids = p.Data.Select(m => m.Id) }),
                conversationPages = op.ConversationPages.Select(p => new { p.PageIndex, p.TotalCount, p.HasNext, p.Start, p.End, conversations = p.Data }),
                eventPages = op.EventPages.Select(p => new { p.ConversationFilter, p.FromStart, p.Start, p.End, p.AfterSequences, events = p.Data.Select(e => $"{e.ConversationId}#{e.Sequence} {e.Type} {e.Id}") }),
            }));
        }

        return path;
    }
}
