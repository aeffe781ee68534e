namespace Runtype.Grains;

/// <summary>
/// A stored message found by its external message id (<c>IConversationIndex.FindByExternalMessageIdsAsync</c>): the
/// conversation that holds it and that conversation's status, which decides whether a reply can join it.
/// </summary>
[GenerateSerializer, Immutable, Alias("Runtype.ExternalMessageMatch")]
public sealed record ExternalMessageMatch(
    [property: Id(0)] string ExternalMessageId,
    [property: Id(1)] string ConversationId,
    [property: Id(2)] ConversationStatus Status);
