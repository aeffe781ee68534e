using MailKit;
using MailKit.Search;
using Runtype.Grains.Telemetry;

namespace Runtype.Grains.Email;

/// <summary>
/// One poll of a surface's mailbox: reads the mail after the stored position (<see cref="EmailSurfaceState.LastUid"/>)
/// in batches of <see cref="EmailOptions.PollBatch"/>, stores each batch (<see cref="MailIngest"/>) and only then moves
/// the position past it and writes it, so a crash repeats at most one batch, which the ingest's dedupe passes over.
/// The mailbox is opened read-only: mail is never deleted, moved or flagged. Only mail that arrived at or after the
/// settings' <see cref="EmailSettings.ReadFrom"/> is read. Memory: one batch of parsed mails, each read from the
/// server up to <see cref="MaxRawBytes"/>.
/// </summary>
internal sealed class MailboxPoll(MailConnector connector, EmailOptions options, Func<IReadOnlyList<PolledMail>, Task<int>> ingest, Func<Task> persist)
{
    /// <summary>How much of one mail is read from the server: the text (cut at 256 KiB anyway) and the attachments' headers come first.</summary>
    public const int MaxRawBytes = 8 * 1024 * 1024;

    /// <summary>Reads what is new; throws <see cref="MailFailureException"/> when the server cannot be used.</summary>
    public async Task<int> RunAsync(EmailSurfaceState state, EmailSettings settings, CancellationToken cancellation)
    {
        var imap = settings.Imap!;
        using var client = await connector.OpenImapAsync(imap, cancellation);
        IMailFolder folder;
        try
        {
            folder = await client.GetFolderAsync(imap.Mailbox ?? "INBOX", cancellation);
            await folder.OpenAsync(FolderAccess.ReadOnly, cancellation);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            throw MailFailureException.Of(ex is MailKit.Net.Imap.ImapCommandException ? new FolderNotFoundException(imap.Mailbox ?? "INBOX") : ex);
        }

        if (state.MailboxIdentity != imap.MailboxIdentity || state.UidValidity != folder.UidValidity)
        {
            state.StartMailbox(imap.MailboxIdentity, folder.UidValidity);
            await persist();
        }

        // SINCE compares dates only (in the server's zone): a day earlier, then each mail's arrival time, which IMAP
        // gives to the second: a mail that arrived in the second of the configuration is read.
        var readFrom = settings.ReadFrom.AddTicks(-(settings.ReadFrom.Ticks % TimeSpan.TicksPerSecond));
        var after = new UniqueIdRange(new UniqueId(state.LastUid + 1), UniqueId.MaxValue);
        var query = SearchQuery.Uids(after).And(SearchQuery.DeliveredAfter(readFrom.Date.AddDays(-1)));
        var uids = (await folder.SearchAsync(query, cancellation)).Where(u => u.Id > state.LastUid).OrderBy(u => u.Id).ToList();
        var stored = 0;
        foreach (var batch in uids.Chunk(options.PollBatch))
        {
            var summaries = await folder.FetchAsync(batch, MessageSummaryItems.UniqueId | MessageSummaryItems.InternalDate, cancellation);
            var mails = new List<PolledMail>(batch.Length);
            foreach (var summary in summaries.OrderBy(s => s.UniqueId.Id))
            {
                var arrived = summary.InternalDate?.UtcDateTime ?? DateTime.UtcNow;
                if (arrived < readFrom)
                {
                    continue;
                }

                using var raw = await folder.GetStreamAsync(summary.UniqueId, 0, MaxRawBytes, cancellation);
                mails.Add(new PolledMail(summary.UniqueId.Id, arrived, InboundMail.Read(raw)));
            }

            var count = await ingest(mails);
            RuntypeMetrics.EmailsReceived.Add(count);
            stored += count;
            state.LastUid = batch[^1].Id;
            await persist();
        }

        await client.DisconnectAsync(quit: true, cancellation);
        return stored;
    }
}
