using Runtype.Grains.Search;

namespace Runtype.Grains.Storage;

public sealed partial class InMemoryConversationStore : IMessageSearch
{
    private readonly MemorySearchIndex _search = new();

    public Task<SearchMatches> SearchAsync(string owner, MessageSearchQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        var clauses = MemorySearchIndex.Compile(query.Expression);
        var filter = query.Filter;
        lock (_gate)
        {
            var matches = new List<SearchMatch>();
            foreach (var candidate in _search.Candidates(owner, clauses))
            {
                var entry = _conversations[(owner, candidate.ConversationId)];
                var message = entry.Messages[entry.ById[candidate.MessageId]];
                if ((query.After is not { } after || after.Precedes(message))
                    && Matches(message, entry.Conversation, filter)
                    && MemorySearchIndex.Matches(clauses, TextAnalyzer.Tokens(message.Content)))
                {
                    matches.Add(new SearchMatch(message, SearchedConversation.Of(entry.Conversation)));
                }
            }

            matches.Sort(static (a, b) => MessageSearchKey.Of(a.Message).CompareTo(MessageSearchKey.Of(b.Message)));
            return Task.FromResult(new SearchMatches([.. matches.Take(query.Limit + 1)]));
        }
    }

    private static bool Matches(Message message, Conversation conversation, MessageSearchFilter filter)
    {
        var fields = conversation.Fields;
        return message.RedactedAt is null
            && (filter.ConversationId is null || filter.ConversationId == conversation.Id)
            && (filter.SurfaceId is null || filter.SurfaceId == fields.SurfaceId)
            && (filter.Status is null || filter.Status == fields.Status)
            && (filter.ParticipantEmail is null || filter.ParticipantEmail == fields.ParticipantEmail)
            && (filter.Role is null || filter.Role == message.Role)
            && (filter.Direction is null || filter.Direction == message.Direction)
            && (filter.CreatedAfter is null || message.CreatedAt > filter.CreatedAfter)
            && (filter.CreatedBefore is null || message.CreatedAt < filter.CreatedBefore);
    }
}
