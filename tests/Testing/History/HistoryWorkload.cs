namespace Runtype.Testing.History;

/// <summary>
/// Runs a history: each owner's starting conversations, then the clients (half per owner) until their bound in
/// operations or time, or until the caller stops them. Every client finishes the operation it is in, retries included.
/// </summary>
public sealed class HistoryWorkload
{
    private readonly HistoryOptions _options;

    public HistoryWorkload(HistoryOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
        Recorder = new HistoryRecorder(options.Seed);
        A = new HistoryWorld(options.OwnerA, options.Mail is null ? null : HistoryMailbox.New());
        B = new HistoryWorld(options.OwnerB, options.Mail is null ? null : HistoryMailbox.New());
    }

    public HistoryRecorder Recorder { get; }

    public HistoryWorld A { get; }

    public HistoryWorld B { get; }

    public HistoryOptions Options => _options;

    /// <summary>Each owner's final state as <see cref="CheckAsync"/> read it (for a test that also looks at the store itself).</summary>
    public FinalOwner? FinalA { get; private set; }

    public FinalOwner? FinalB { get; private set; }

    /// <summary>
    /// Registers each owner's email surface (with email), then creates each owner's starting conversations (keyed,
    /// retried until created; with email the first two on the email surface); fails if one cannot be.
    /// </summary>
    public async Task SetUpAsync()
    {
        foreach (var (world, other) in new[] { (A, B), (B, A) })
        {
            using var client = new HistoryClient(-1 - (world == A ? 0 : 1), _options, Recorder, world, other);
            if (world.Mailbox is not null)
            {
                await client.ConfigureSurfaceAsync();
            }

            for (var i = 0; i < _options.ConversationsPerOwner; i++)
            {
                _ = await client.CreateConversationAsync(mustSucceed: true, onEmailSurface: world.Mailbox is null ? null : i < 2)
                    ?? throw new InvalidOperationException($"Could not create a starting conversation for {world.Owner.Name} (seed {_options.Seed}).");
            }
        }
    }

    /// <summary>Runs the clients to their bounds, or until <paramref name="stop"/>.</summary>
    public async Task RunAsync(CancellationToken stop = default)
    {
        var until = DateTime.UtcNow + _options.Duration;
        var clients = Enumerable.Range(0, _options.Clients)
            .Select(i => i % 2 == 0 ? new HistoryClient(i, _options, Recorder, A, B) : new HistoryClient(i, _options, Recorder, B, A))
            .ToList();
        try
        {
            await Task.WhenAll(clients.Select(c => Task.Run(() => c.RunAsync(until, stop), CancellationToken.None)));
        }
        finally
        {
            foreach (var client in clients)
            {
                client.Dispose();
            }
        }
    }

    /// <summary>
    /// Reads both owners' final state through <paramref name="node"/> (asking again, within <paramref name="settle"/>,
    /// while a cluster recovering from a fault answers 503), checks the history against it and saves the history (and
    /// the report's summary beside it, <c>.summary.txt</c>). With email, first lets the mail settle
    /// (<see cref="MailSettle"/>) and reads both owners' mailboxes.
    /// </summary>
    public async Task<(HistoryReport Report, string SavedAt)> CheckAsync(Uri node, bool faultsExpected, string name, TimeSpan? settle = null)
    {
        // Saved first: whatever happens next, the evidence stays.
        var saved = Recorder.Save(name);
        var wait = settle ?? TimeSpan.FromSeconds(60);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var mail = await Task.WhenAll(MailSettle.SettleAsync(node, _options, A), MailSettle.SettleAsync(node, _options, B));
        var settled = clock.Elapsed;
        var a = await FinalState.ReadAsync(node, _options.OwnerA, A.Conversations, wait, mail[0]);
        var b = await FinalState.ReadAsync(node, _options.OwnerB, B.Conversations, wait, mail[1]);
        (FinalA, FinalB) = (a, b);
        var read = clock.Elapsed;
        var report = HistoryChecker.Check(Recorder, a, b, faultsExpected);
        report.Notes.Add(string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $"after the load: mail settled in {settled.TotalSeconds:F1}s, final state read in {(read - settled).TotalSeconds:F1}s, checked in {(clock.Elapsed - read).TotalSeconds:F1}s"));
        await File.WriteAllTextAsync(Path.ChangeExtension(saved, ".summary.txt"), report.Summary());
        return (report, saved);
    }

    /// <summary>Waits until <paramref name="condition"/> holds (checked as answers arrive), or fails after <paramref name="timeout"/>.</summary>
    public async Task WaitUntilAsync(Func<bool> condition, TimeSpan timeout, string what)
    {
        ArgumentNullException.ThrowIfNull(condition);
        var deadline = DateTime.UtcNow + timeout;
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Waited {timeout} for {what} (seed {_options.Seed}); {Recorder.Acknowledged} writes acknowledged so far.");
            }

            await Task.Delay(20);
        }
    }
}
