namespace Runtype.Grains.Storage;

public sealed partial class InMemoryConversationStore
{
    /// <summary>One stored conversation with its messages and the indexes that find them.</summary>
    private sealed class Entry(Conversation conversation)
    {
        public Conversation Conversation { get; set; } = conversation;

        public List<Message> Messages { get; } = [];

        public Dictionary<string, int> ByExternalId { get; } = new(StringComparer.Ordinal);

        public Dictionary<string, int> ById { get; } = new(StringComparer.Ordinal);

        /// <summary>Adds <paramref name="message"/> at the end, findable by its id and external id.</summary>
        public void Add(Message message)
        {
            Messages.Add(message);
            ById.Add(message.Id, Messages.Count - 1);
            if (message.ExternalMessageId is { } externalId)
            {
                ByExternalId.Add(externalId, Messages.Count - 1);
            }
        }
    }
}
