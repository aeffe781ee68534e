using System.Globalization;
using System.Text;

namespace Runtype.Testing.History;

/// <summary>A broken promise the checker found: what kind, and the evidence (operation ids, message ids, positions).</summary>
public sealed record Violation(string Kind, string Detail);

/// <summary>What a checked history did and what the checker found.</summary>
public sealed class HistoryReport
{
    private const int KeptPerKind = 20;
    private readonly Dictionary<string, int> _counts = new(StringComparer.Ordinal);
    private readonly List<Violation> _kept = [];

    public required int Seed { get; init; }

    public required IReadOnlyList<Operation> Operations { get; init; }

    public required IReadOnlyList<(long Tick, TimeSpan At, string What)> Faults { get; init; }

    /// <summary>The first few violations of each kind (all are counted).</summary>
    public IReadOnlyList<Violation> Violations => _kept;

    public int ViolationCount => _counts.Values.Sum();

    public IReadOnlyDictionary<string, int> ViolationsByKind => _counts;

    public int Writes => Operations.Count(o => o.IsWrite);

    public int Acknowledged => Operations.Count(o => o.IsWrite && o.Outcome == WriteOutcome.Applied);

    public int Requests => Operations.Sum(o => o.Attempts.Count);

    /// <summary>Exchanges that got no answer or a 5xx.</summary>
    public int UnknownAnswers => Operations.Sum(o => o.Attempts.Count(a => a.OutcomeUnknown));

    /// <summary>Writes that got an answer of unknown outcome at least once and then were resolved by a retry.</summary>
    public int ResolvedByRetry => Operations.Count(o => o.IsWrite && o.Outcome is WriteOutcome.Applied or WriteOutcome.NotApplied && o.Attempts.Any(a => a.OutcomeUnknown));

    /// <summary>With email: mails in the surfaces' mailboxes, found as messages (one per Message-ID).</summary>
    public int MailsIngested { get; internal set; }

    /// <summary>With email: outbound messages that ended <c>sent</c> and arrived in the customers' mailboxes.</summary>
    public int MailsSent { get; internal set; }

    /// <summary>What the checker saw beside the violations (how the mail settled, what it counted).</summary>
    public List<string> Notes { get; } = [];

    /// <summary>Writes left of unknown outcome (only allowed where nothing made a retry safe).</summary>
    public int Unresolved => Operations.Count(o => o.IsWrite && o.Outcome == WriteOutcome.Unknown);

    public void Add(string kind, string detail)
    {
        _counts[kind] = _counts.GetValueOrDefault(kind) + 1;
        if (_counts[kind] <= KeptPerKind)
        {
            _kept.Add(new Violation(kind, detail));
        }
    }

    /// <summary>Operations, requests, faults and violations, in a few lines; the seed first.</summary>
    public string Summary()
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"seed {Seed} ({HistoryOptions.SeedVariable}={Seed} repeats its choices): ");
        text.Append(CultureInfo.InvariantCulture, $"{Operations.Count} operations ({Writes} writes, {Acknowledged} acknowledged), {Requests} requests, ");
        text.Append(CultureInfo.InvariantCulture, $"{UnknownAnswers} answers of unknown outcome, {ResolvedByRetry} writes resolved by a retry, {Unresolved} left unknown; ");
        text.AppendLine(CultureInfo.InvariantCulture, $"{Faults.Count} faults, {ViolationCount} violations.");
        text.AppendLine("  by kind: " + string.Join(", ", Operations.GroupBy(o => o.Kind).OrderBy(g => g.Key)
            .Select(g => $"{g.Key} {g.Count()} ({string.Join("/", g.GroupBy(o => o.Outcome).OrderBy(o => o.Key).Select(o => $"{o.Key} {o.Count()}"))})")));
        text.AppendLine("  answers: " + string.Join(", ", Operations.SelectMany(o => o.Attempts).GroupBy(a => a.Status == 0 ? a.Error?.Split(':')[0] ?? "none" : a.Status.ToString(CultureInfo.InvariantCulture))
            .OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => $"{g.Key} x{g.Count()}")));
        foreach (var note in Notes)
        {
            text.AppendLine("  " + note);
        }

        foreach (var (_, at, what) in Faults)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"  fault at {at.TotalSeconds:F1}s: {what}");
        }

        foreach (var (kind, count) in _counts.OrderBy(c => c.Key, StringComparer.Ordinal))
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"  VIOLATION {kind} x{count}");
            foreach (var violation in _kept.Where(v => v.Kind == kind).Take(5))
            {
                text.AppendLine("    " + violation.Detail);
            }
        }

        return text.ToString();
    }
}
