using System.Globalization;

namespace Runtype.Testing.History;

/// <summary>An owner the history writes as: its name (for messages) and its API key.</summary>
public sealed record HistoryOwner(string Name, string Key);

/// <summary>
/// How big a history run is. Every loop is bounded twice, in operations and in time. The environment can ask for a
/// longer run (<c>RUNTYPE_HISTORY_SECONDS</c>: that many seconds of load, the operation bound lifted) and replay a
/// failed run's choices (<c>RUNTYPE_HISTORY_SEED</c>; the seed is printed with every failure).
/// </summary>
public sealed class HistoryOptions
{
    public const string SecondsVariable = "RUNTYPE_HISTORY_SECONDS";
    public const string SeedVariable = "RUNTYPE_HISTORY_SEED";

    public required IReadOnlyList<Uri> Nodes { get; init; }

    public required HistoryOwner OwnerA { get; init; }

    public required HistoryOwner OwnerB { get; init; }

    public int Seed { get; init; } = SeedFromEnvironment();

    /// <summary>Concurrent clients, half for each owner; each has its own HttpClient per node.</summary>
    public int Clients { get; init; } = 24;

    public int OperationsPerClient { get; init; } = 200;

    /// <summary>The longest the load runs; the test may stop it earlier.</summary>
    public TimeSpan Duration { get; init; } = TimeSpan.FromSeconds(20);

    /// <summary>Conversations each owner starts with; clients add up to <see cref="NewConversationsPerOwner"/> more.</summary>
    public int ConversationsPerOwner { get; init; } = 3;

    public int NewConversationsPerOwner { get; init; } = 3;

    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>How long a client keeps retrying a write of unknown outcome (same Idempotency-Key) before it gives up.</summary>
    public TimeSpan ResolveWithin { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Where the service reaches the test mail servers, or null for a history without email: with it, each owner gets
    /// an email surface, clients put mail into its mailbox and ask for polls, and posts on its conversations are emailed.
    /// </summary>
    public HistoryMailServer? Mail { get; init; }

    /// <summary>
    /// How long, after the load, the history waits for the last poll, for every delivery to leave <c>pending</c> and
    /// for every sent mail to arrive, before it reads the final state (what is still missing then is a violation).
    /// </summary>
    public TimeSpan MailSettle { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Seconds of load the environment asks for, or null for the short run.</summary>
    public static TimeSpan? LongerRun =>
        int.TryParse(Environment.GetEnvironmentVariable(SecondsVariable), NumberStyles.Integer, CultureInfo.InvariantCulture, out var seconds) && seconds > 0
            ? TimeSpan.FromSeconds(seconds)
            : null;

    public static int SeedFromEnvironment() =>
        int.TryParse(Environment.GetEnvironmentVariable(SeedVariable), NumberStyles.Integer, CultureInfo.InvariantCulture, out var seed)
            ? seed
            : Random.Shared.Next(1, 1_000_000);

    /// <summary>These options with the environment's longer run applied: its duration, and no operation bound short of it.</summary>
    public HistoryOptions WithEnvironment() => LongerRun is { } longer
        ? new HistoryOptions
        {
            Nodes = Nodes, OwnerA = OwnerA, OwnerB = OwnerB, Seed = Seed, Clients = Clients, OperationsPerClient = int.MaxValue,
            Duration = longer, ConversationsPerOwner = ConversationsPerOwner, NewConversationsPerOwner = NewConversationsPerOwner,
            RequestTimeout = RequestTimeout, ResolveWithin = ResolveWithin, Mail = Mail, MailSettle = MailSettle,
        }
        : this;
}
