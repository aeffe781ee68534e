namespace Runtype.Grains.Storage;

/// <summary>The query side of the store: lists an owner's conversations without activating their grains.</summary>
public interface IConversationIndex
{
    Task<ConversationListPage> QueryAsync(string owner, ConversationListQuery query);
}
