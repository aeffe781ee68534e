using Runtype.Grains.Email;
using Runtype.Grains.Secrets;
using Runtype.Grains.Storage;
using Runtype.Grains.Wire;

namespace Runtype.Grains;

public sealed class SurfaceGrain(
    [PersistentState("surface", GrainStorageNames.Default)] IPersistentState<SurfaceState> state,
    IConversationIndex index,
    ISecretProtector secrets,
    TimeProvider time) : Grain, ISurfaceGrain
{
    // Conversations told of new timers at once; each call may register a reminder in the database.
    private const int Fanout = 16;
    private const int PageSize = 500;

    // An archived conversation has no timer left.
    private static readonly ConversationStatus[] RearmedStatuses = [ConversationStatus.Open, ConversationStatus.Closed];

    Task<Surface?> ISurfaceGrain.Get() => Task.FromResult(state.State.Surface);

    async Task<Surface> ISurfaceGrain.Put(string name, string type, InactivityTimersPatch timers, EmailSettingsChange? email)
    {
        var now = Timestamps.ToMilliseconds(time.GetUtcNow().UtcDateTime);
        var (owner, id) = GrainKeys.Parse(this.GetPrimaryKeyString());
        var existing = state.State.Surface;
        var settings = EmailSettingsOf(email, existing?.Email, now);
        var surface = existing is not null
            ? existing with { Name = name, Type = type, Timers = timers.ApplyTo(existing.Timers), Email = settings, UpdatedAt = now }
            : new Surface { Id = id, Name = name, Type = type, Timers = timers.ApplyTo(InactivityTimers.None), Email = settings, CreatedAt = now, UpdatedAt = now };
        await state.WriteOrRestoreAsync(new SurfaceState { Surface = surface });
        if (settings is not null || existing?.Email is not null)
        {
            // Before the answer: a 200 means polling runs (or stopped) by these settings.
            await GrainFactory.GetGrain<IEmailSurfaceGrain>(this.GetPrimaryKeyString()).Configure(settings);
        }

        if (surface.Timers != (existing?.Timers ?? InactivityTimers.None))
        {
            await RearmConversationsAsync(owner, surface);
        }

        return surface;
    }

    /// <summary>
    /// The settings to store: passwords encrypted. A password left out is kept only for the same host and user name,
    /// so pointing a surface at another server never hands it the old server's password. The mailbox's configuration
    /// time stays while it is the same mailbox: it bounds what the first poll reads.
    /// </summary>
    private EmailSettings? EmailSettingsOf(EmailSettingsChange? change, EmailSettings? existing, DateTime now)
    {
        if (change is null)
        {
            return null;
        }

        var imap = ServerOf(change.Imap, existing?.Imap);
        var sameMailbox = imap is not null && existing?.Imap is { } before && before.MailboxIdentity == imap.MailboxIdentity;
        return new EmailSettings
        {
            Imap = imap,
            Smtp = ServerOf(change.Smtp, existing?.Smtp),
            PollEvery = change.PollEvery,
            Since = change.Since,
            ConfiguredAt = sameMailbox ? existing!.ConfiguredAt : now,
        };
    }

    private MailServerSettings? ServerOf(MailServerChange? change, MailServerSettings? existing)
    {
        if (change is null)
        {
            return null;
        }

        var sameAccount = existing is not null && string.Equals(existing.Host, change.Host, StringComparison.OrdinalIgnoreCase)
            && existing.Username == change.Username;
        return new MailServerSettings
        {
            Host = change.Host,
            Port = change.Port,
            Security = change.Security,
            Username = change.Username,
            Mailbox = change.Mailbox,
            From = change.From,
            ProtectedPassword = change.PasswordChange switch
            {
                PasswordChange.Set => secrets.Protect(change.Password!.Value),
                PasswordChange.Keep when sameAccount => existing!.ProtectedPassword,
                _ => null,
            },
        };
    }

    /// <summary>
    /// Tells every open and closed conversation of this surface its new timers before the registration is answered,
    /// so a 200 means each of them has its timer set. The ids are read first (one pass over the listing index), so a
    /// conversation that changes meanwhile, and moves in the listing order, is not missed. A failure fails the call:
    /// the client repeats the PUT, which sends the timers again.
    /// </summary>
    private async Task RearmConversationsAsync(string owner, Surface surface)
    {
        var ids = new List<string>();
        foreach (var status in RearmedStatuses)
        {
            ConversationSortKey? after = null;
            while (true)
            {
                var page = await index.QueryAsync(owner, new ConversationListQuery(new ConversationFilter(surface.Id, status), PageSize, after));
                ids.AddRange(page.Items.Select(c => c.Id));
                if (!page.HasMoreAfter || page.Items.Count == 0)
                {
                    break;
                }

                after = ConversationSortKey.Of(page.Items[^1]);
            }
        }

        // In groups awaited on this activation's scheduler (grain calls must start from it).
        foreach (var group in ids.Chunk(Fanout))
        {
            await Task.WhenAll(group.Select(conversationId =>
                GrainFactory.GetGrain<IConversationGrain>(GrainKeys.Compose(owner, conversationId)).InactivityChanged(surface)));
        }
    }
}

[GenerateSerializer, Alias("Runtype.SurfaceState")]
public sealed class SurfaceState
{
    [Id(0)] public Surface? Surface { get; set; }
}
