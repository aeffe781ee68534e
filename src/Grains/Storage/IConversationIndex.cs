namespace Runtype.Grains.Storage;

/// <summary>The query side of the store: lists an owner's conversations without activating their grains.</summary>
public interface IConversationIndex
{
    /// <summary>The most external message ids one <see cref="FindByExternalMessageIdsAsync"/> looks for.</summary>
    const int MaxExternalMessageIds = 200;

    Task<ConversationListPage> QueryAsync(string owner, ConversationListQuery query);

    /// <summary>
    /// The stored messages of <paramref name="owner"/>'s conversations on <paramref name="surfaceId"/> whose external
    /// message id is one of <paramref name="externalMessageIds"/> (compared exactly: every character, trailing spaces
    /// included), one match per conversation that holds one, in no particular order; none of a deleted conversation.
    /// Read from the store of record: a message whose append was answered is found. One query for up to
    /// <see cref="MaxExternalMessageIds"/> ids (an e-mail's <c>In-Reply-To</c> and <c>References</c>); more is an error.
    /// </summary>
    Task<IReadOnlyList<ExternalMessageMatch>> FindByExternalMessageIdsAsync(
        string owner, string surfaceId, IReadOnlyCollection<string> externalMessageIds, CancellationToken ct = default);
}
