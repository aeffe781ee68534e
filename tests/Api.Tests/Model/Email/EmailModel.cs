namespace Runtype.Api.Tests.Model.Email;

/// <summary>
/// The sequential model of an email surface: the mails delivered to its mailbox (as a multiset: the same Message-ID
/// may be delivered twice), and what reading that mailbox one mail at a time, in UID order, makes of them
/// (<see cref="Ingest"/>): the contract's threading and its exactly-once, with nothing of batches, polls or silos.
/// </summary>
internal sealed class EmailModel : ModelState
{
    public List<ModelMail> Delivered { get; } = [];

    /// <summary>
    /// The conversations (their messages' Message-IDs in order) that ingesting <paramref name="mailbox"/> in order
    /// gives: a Message-ID already stored is passed over; a mail joins the conversation of the message it replies to;
    /// otherwise the conversation whose thread is its root (the id it replies to, else its own), new if none.
    /// </summary>
    public static List<List<string>> Ingest(IEnumerable<ModelMail> mailbox)
    {
        var conversations = new List<(string Thread, List<string> Messages)>();
        var holder = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var mail in mailbox)
        {
            if (holder.ContainsKey(mail.Id))
            {
                continue;
            }

            if (mail.ReplyTo is null || !holder.TryGetValue(mail.ReplyTo, out var index))
            {
                var thread = mail.ReplyTo ?? mail.Id;
                index = conversations.FindIndex(c => c.Thread == thread);
                if (index < 0)
                {
                    conversations.Add((thread, []));
                    index = conversations.Count - 1;
                }
            }

            conversations[index].Messages.Add(mail.Id);
            holder[mail.Id] = index;
        }

        return [.. conversations.Select(c => c.Messages)];
    }

    public override string ToString() =>
        $"delivered [{string.Join(", ", Delivered.Select(m => m.ReplyTo is null ? m.Id : $"{m.Id}->{m.ReplyTo}"))}]{MismatchText}";
}
