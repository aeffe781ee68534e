namespace Runtype.Client;

/// <summary>The order of a message list.</summary>
public enum MessageOrder
{
    /// <summary>Acceptance order, oldest first (<c>asc</c>).</summary>
    Ascending,

    /// <summary>Newest first (<c>desc</c>).</summary>
    Descending,
}
