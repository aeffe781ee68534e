namespace Runtype.Client;

/// <summary>The values of a conversation's <c>status</c>.</summary>
public static class ConversationStatuses
{
    public const string Open = "open";
    public const string Closed = "closed";
    public const string Archived = "archived";
}
