namespace Runtype.Api.Idempotency;

/// <summary>
/// The id the idempotency claim reserved for what this request creates (a bare ULID; the handler adds the prefix).
/// Every attempt of the same request gets the same one, so a retry after an unknown outcome finds the first
/// attempt's conversation or message instead of creating a second.
/// </summary>
public sealed record IdempotencyReservation(string Ulid)
{
    public static string? Of(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.Features.Get<IdempotencyReservation>()?.Ulid;
    }
}
