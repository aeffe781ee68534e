using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Runtype.Grains.Events;
using Runtype.Grains.Storage;
using Runtype.Grains.Telemetry;
using Runtype.Grains.Webhooks;

namespace Runtype.Grains.Email;

/// <summary>
/// The mail side of one email surface (docs/email.md). Polls: one at a time, asked for by a timer every
/// <see cref="EmailSettings.PollEvery"/> while active, by the poll endpoint and by the reminder, which also brings the
/// grain back after a crash or a move; a poll asked for while one runs is merged into it (it runs once more after).
/// Sending: rounds of the webhook deliveries' <see cref="DeliveryRound"/> over <see cref="EmailChannel"/>, woken by
/// the commit of an outbound message and by the same timer and reminder. Calls interleave with both loops only at
/// their awaits; state writes go one at a time.
/// </summary>
public sealed partial class EmailSurfaceGrain(
    [PersistentState("email-surface", GrainStorageNames.Default)] IPersistentState<EmailSurfaceState> state,
    IEventLog log,
    IConversationIndex index,
    MailConnector connector,
    IOptions<EmailOptions> options,
    TimeProvider time,
    ILogger<EmailSurfaceGrain> logger) : Grain, IEmailSurfaceGrain, IRemindable
{
    private const string ReminderName = "email";
    private static readonly TimeSpan ReminderPeriod = TimeSpan.FromMinutes(1);

    /// <summary>How long the send loop keeps looking after a wake-up: the log can show a commit a little after it.</summary>
    private static readonly TimeSpan LookAfterWake = TimeSpan.FromSeconds(5);

    /// <summary>The poll's and the sender's writes go one after another.</summary>
    private readonly WriteTurns _writes = new();
    private EmailSettings? _settings;
    private bool _settingsKnown;
    private IGrainTimer? _timer;
    private Task? _polling;
    private bool _pollAgain;
    private Task? _sending;
    private bool _sendAgain;
    private DateTimeOffset _lookUntil;

    private string Key => this.GetPrimaryKeyString();

    private EmailOptions Options => options.Value;

    async Task IEmailSurfaceGrain.Configure(EmailSettings? settings)
    {
        _settings = settings;
        _settingsKnown = true;
        if (settings is null)
        {
            _timer?.Dispose();
            _timer = null;
            if (await this.GetReminder(ReminderName) is { } reminder)
            {
                await this.UnregisterReminder(reminder);
            }

            await WriteAsync(() => state.ClearStateAsync());
            return;
        }

        if (settings.Smtp is not null && !state.State.Outbound.Started)
        {
            // Messages committed from here on are sent; earlier ones were never pending on this surface.
            state.State.Outbound.Cursor = await log.LatestAsync(GrainKeys.Parse(Key).Owner);
            state.State.Outbound.Started = true;
            state.State.Outbound.TakeTypes([EventType.MessageCreated], since: null);
            await WriteAsync(() => state.WriteStateAsync());
        }

        await this.RegisterOrUpdateReminder(ReminderName, ReminderPeriod, ReminderPeriod);
        StartTimer(settings);
        if (settings.Imap is not null)
        {
            RequestPoll();
        }
    }

    async Task<bool> IEmailSurfaceGrain.Poll()
    {
        if ((await SettingsAsync())?.Imap is null)
        {
            return false;
        }

        RequestPoll();
        return true;
    }

    async Task IEmailSurfaceGrain.Wake()
    {
        if ((await SettingsAsync())?.Smtp is not null)
        {
            var until = time.GetUtcNow() + LookAfterWake;
            _lookUntil = until > _lookUntil ? until : _lookUntil;
            RequestSend();
        }
    }

    Task<EmailSurfaceStatus> IEmailSurfaceGrain.Status() => Task.FromResult(state.State.ToStatus());

    async Task IRemindable.ReceiveReminder(string reminderName, TickStatus status)
    {
        RuntypeMetrics.ReminderFired("email", status);
        if (await SettingsAsync() is not { } settings)
        {
            if (await this.GetReminder(reminderName) is { } left)
            {
                await this.UnregisterReminder(left); // The settings were removed while this silo was away.
            }

            return;
        }

        if (_timer is null)
        {
            StartTimer(settings); // Back after a crash or a move: the timer lives with the activation.
        }

        Tick(settings);
    }

    private void Tick(EmailSettings settings)
    {
        var now = time.GetUtcNow().UtcDateTime;
        if (settings.Imap is not null && (state.State.LastPollAt is not { } last || now - last >= settings.PollEvery - TimeSpan.FromSeconds(1)))
        {
            RequestPoll();
        }

        if (settings.Smtp is not null)
        {
            RequestSend();
        }
    }

    private void StartTimer(EmailSettings settings)
    {
        _timer?.Dispose();
        _timer = this.RegisterGrainTimer(() =>
        {
            if (_settings is { } current)
            {
                Tick(current);
            }

            return Task.CompletedTask;
        }, new GrainTimerCreationOptions { DueTime = settings.PollEvery, Period = settings.PollEvery, Interleave = true, KeepAlive = true });
    }

    private async Task<EmailSettings?> SettingsAsync()
    {
        if (!_settingsKnown)
        {
            _settings = (await GrainFactory.GetGrain<ISurfaceGrain>(Key).Get())?.Email;
            _settingsKnown = true;
        }

        return _settings;
    }

    private void RequestPoll()
    {
        if (_polling is { IsCompleted: false })
        {
            _pollAgain = true;
            return;
        }

        _polling = PollLoopAsync();
    }

    private async Task PollLoopAsync()
    {
        do
        {
            _pollAgain = false;
            if (_settings is not { Imap: not null } settings)
            {
                return;
            }

            await PollOnceAsync(settings);
        }
        while (_pollAgain);
    }

    private async Task PollOnceAsync(EmailSettings settings)
    {
        var (owner, surfaceId) = GrainKeys.Parse(Key);
        var ingest = new MailIngest(GrainFactory, index, owner, surfaceId, settings.ConfiguredAt, Options.Concurrency);
        // Settings removed while a poll runs: its position is not written back over the cleared state.
        var poll = new MailboxPoll(connector, Options, ingest.IngestAsync, () => _settings is null ? Task.CompletedTask : WriteAsync(() => state.WriteStateAsync()));
        // The poll's start: a poll that began at or after a time read everything in the mailbox at that time.
        var started = time.GetUtcNow().UtcDateTime;
        string? error = null;
        try
        {
            await poll.RunAsync(state.State, settings, CancellationToken.None);
        }
        catch (MailFailureException failure)
        {
            error = failure.Message;
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // The store or the cluster failed mid-batch: the position stays before it, the next poll repeats it.
            error = "mail could not be stored; the next poll tries again";
            logger.LogWarning(ex, "Polling the mailbox of surface {Surface} could not store its mail.", surfaceId);
        }

        if (error is not null)
        {
            logger.LogWarning("Polling the mailbox of surface {Surface} failed: {Reason}.", surfaceId, error);
        }

        RuntypeMetrics.MailboxPolls.Add(1, new KeyValuePair<string, object?>("outcome", error is null ? "ok" : "error"));
        if (_settings is null)
        {
            return;
        }

        state.State.Status = error is null ? MailboxStatus.Ok : MailboxStatus.Error;
        state.State.LastError = error;
        state.State.LastPollAt = started;
        try
        {
            await WriteAsync(() => state.WriteStateAsync());
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            logger.LogWarning(ex, "The poll status of surface {Surface} could not be stored.", surfaceId);
        }
    }

    private Task WriteAsync(Func<Task> write) => _writes.RunAsync(write);
}
