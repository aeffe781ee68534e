namespace Runtype.Grains;

/// <summary>
/// A message of a history import: what a client would post (<see cref="NewMessage"/>, whose id, when set, is the
/// one reserved for it by the request's Idempotency-Key) and the time it was originally written, which it keeps.
/// </summary>
[GenerateSerializer, Immutable, Alias("Runtype.HistoricMessage")]
public sealed record HistoricMessage([property: Id(0)] NewMessage Message, [property: Id(1)] DateTime CreatedAt);
