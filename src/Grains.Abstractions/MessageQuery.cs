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

[GenerateSerializer, Immutable, Alias("Runtype.MessagePage")]
public sealed record MessagePage(
    [property: Id(0)] bool Found,
    [property: Id(1)] IReadOnlyList<Message> Messages,
    [property: Id(2)] long TotalCount,
    [property: Id(3)] bool HasMore)
{
    public static MessagePage NotFound { get; } = new(false, [], 0, false);

    /// <summary>
    /// Each message's JSON (<see cref="Wire.WireValues.RenderUtf8"/> of <see cref="Wire.MessageJson.Write"/>), in page order, when the grain's window had them. Not
    /// serialized: the page is immutable, so a call within the silo's process hands this very object over and the
    /// API copies these bytes; a call from another process gets null and renders the messages itself.
    /// </summary>
    [field: NonSerialized]
    public IReadOnlyList<byte[]>? Rendered { get; init; }
}
