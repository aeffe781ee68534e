namespace Runtype.Client;

/// <summary>
/// A message that matched a search, as a get of it answers, with its conversation. <see cref="Highlight"/> is at most
/// 200 characters of the content with each matched word in <c>&lt;mark&gt;</c> and every other <c>&lt;</c>,
/// <c>&gt;</c> and <c>&amp;</c> escaped, so it may be inserted as HTML as it is.
/// </summary>
public sealed record MessageSearchHit(Message Message, SearchedConversation Conversation, string Highlight);
