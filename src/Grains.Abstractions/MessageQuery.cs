namespace Runtype.Grains;

/// <summary>
/// A page request over a conversation's messages. <see cref="After"/> is an exclusive position bound in
/// the direction of travel: greater positions when ascending, smaller when descending.
/// </summary>
[GenerateSerializer, Immutable, Alias("Runtype.MessageQuery")]
public sealed record MessageQuery(
    [property: Id(0)] int Limit,
    [property: Id(1)] bool Descending,
    [property: Id(2)] long? After = null);

/// <summary>
/// A page of a conversation's messages as the API answers them: each message's JSON (<see cref="Wire.MessageJson"/>,
/// UTF-8, rendered with <see cref="Wire.WireValues.ResponseEncoder"/>) in page order, the first at
/// <see cref="FirstPosition"/> and each next one a position further in the page's direction. The grain's window keeps
/// messages rendered so, and the API copies the bytes as they are, co-hosted or from another process alike.
/// </summary>
[GenerateSerializer, Immutable, Alias("Runtype.MessagePage")]
public sealed record MessagePage(
    [property: Id(0)] bool Found,
    [property: Id(1)] IReadOnlyList<byte[]> Items,
    [property: Id(2)] long TotalCount,
    [property: Id(3)] bool HasMore,
    [property: Id(4)] long FirstPosition = 0,
    [property: Id(5)] bool Descending = false)
{
    public static MessagePage NotFound { get; } = new(false, [], 0, false);

    /// <summary>The position of the page's last message (the next page's cursor).</summary>
    public long LastPosition => Descending ? FirstPosition - Items.Count + 1 : FirstPosition + Items.Count - 1;

    /// <summary>The page's messages read back from their JSON (for callers that need objects; the API needs only the bytes).</summary>
    public IReadOnlyList<Message> Messages =>
        [.. Items.Select((json, i) => Wire.MessageJson.Read(json, Descending ? FirstPosition - i : FirstPosition + i))];
}
