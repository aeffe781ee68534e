using System.Security.Cryptography;

namespace Runtype.Grains;

/// <summary>
/// Server-generated ids: a prefix and a ULID (48-bit millisecond time, 80 random bits, Crockford base32).
/// Ids made in one process are strictly increasing, so they sort in creation order.
/// </summary>
public static class Identifiers
{
    public const string ConversationPrefix = "conv_";
    public const string MessagePrefix = "msg_";
    public const string EventPrefix = "evt_";
    public const string WebhookPrefix = "whk_";
    /// <summary>
    /// How many consecutive ULIDs one reservation holds (<see cref="ReserveUlids"/>): at least the messages one history
    /// import may carry (1,000), so the ids of two requests' batches never meet.
    /// </summary>
    public const int ReservedBlock = 1024;

    private const int UlidLength = 26;
    private const string Alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

    private static readonly Lock Gate = new();
    private static long _lastMilliseconds;
    private static UInt128 _lastRandom;

    public static string NewConversationId() => ConversationPrefix + NewUlid();

    public static string NewMessageId() => MessagePrefix + NewUlid();

    public static string NewEventId() => EventPrefix + NewUlid();

    public static string NewWebhookId() => WebhookPrefix + NewUlid();

    /// <summary>
    /// The id of the <c>message.created</c> event of the message <paramref name="messageId"/>: the message's ULID, so a
    /// redaction finds the event by key. Unique as message ids are, and apart from every other event id, which are
    /// ULIDs this process (or, with 79 random bits, another) hands out once.
    /// </summary>
    public static string CreatedEventId(string messageId)
    {
        ArgumentNullException.ThrowIfNull(messageId);
        return EventPrefix + messageId[MessagePrefix.Length..];
    }

    public static bool IsConversationId(string? value) => HasShape(value, ConversationPrefix);

    public static bool IsMessageId(string? value) => HasShape(value, MessagePrefix);

    public static bool IsWebhookId(string? value) => HasShape(value, WebhookPrefix);

    public static bool IsEventId(string? value) => HasShape(value, EventPrefix);

    private static bool HasShape(string? value, string prefix)
    {
        if (value is null || value.Length != prefix.Length + UlidLength || !value.StartsWith(prefix, StringComparison.Ordinal))
        {
            return false;
        }

        // The first character carries only 3 bits of the 128, so it is at most '7'.
        if (value[prefix.Length] > '7')
        {
            return false;
        }

        foreach (var c in value.AsSpan(prefix.Length))
        {
            if (!Alphabet.Contains(c, StringComparison.Ordinal))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// The id of the <paramref name="offset"/>-th message created under one reserved ULID (a history import's batch):
    /// the ULID plus <paramref name="offset"/>, so every attempt of the same request names the same messages. The
    /// reservation (<see cref="ReserveUlids"/>) holds the whole block, so no other id is ever one of these.
    /// </summary>
    public static string MessageIdAt(string reservedUlid, int offset)
    {
        ArgumentNullException.ThrowIfNull(reservedUlid);
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(offset, ReservedBlock);
        UInt128 value = 0;
        foreach (var c in reservedUlid)
        {
            var digit = Alphabet.IndexOf(c, StringComparison.Ordinal);
            if (digit < 0 || reservedUlid.Length != UlidLength)
            {
                throw new ArgumentException("Not a ULID.", nameof(reservedUlid));
            }

            value = (value << 5) | (uint)digit;
        }

        return MessagePrefix + Encode(value + (uint)offset);
    }

    /// <summary>
    /// A conversation id that <paramref name="seed"/> always gives (a mail's surface and Message-ID), so a poll that
    /// starts a conversation for a mail and is repeated after a crash finds the same conversation instead of making a
    /// second. Its random part has the top bit set, which <see cref="NewUlid"/>'s never has, so the two cannot meet.
    /// </summary>
    public static string DerivedConversationId(DateTime at, string seed)
    {
        ArgumentNullException.ThrowIfNull(seed);
        var hash = SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(seed));
        var random = new UInt128((BitConverter.ToUInt64(hash) & 0xFFFF) | 0x8000, BitConverter.ToUInt64(hash, 8));
        var milliseconds = (ulong)Math.Max(0, new DateTimeOffset(DateTime.SpecifyKind(at, DateTimeKind.Utc)).ToUnixTimeMilliseconds());
        return ConversationPrefix + Encode(((UInt128)(milliseconds & 0xFFFF_FFFF_FFFF) << 80) | random);
    }

    /// <summary>A bare ULID.</summary>
    public static string NewUlid() => NewUlids(1);

    /// <summary>
    /// A bare ULID reserved before its prefix is known (see <see cref="IIdempotencyGrain"/>), with the
    /// <see cref="ReservedBlock"/> - 1 ULIDs that follow it: ULIDs made in one millisecond are consecutive, so without
    /// the block a batch reserved just before another would name the other's ids (<see cref="MessageIdAt"/>). In
    /// another process, the 79 random bits keep blocks apart.
    /// </summary>
    public static string ReserveUlids() => NewUlids(ReservedBlock);

    /// <summary>The first of <paramref name="count"/> consecutive ULIDs, none of which this process hands out again.</summary>
    private static string NewUlids(int count)
    {
        long milliseconds;
        UInt128 random;
        lock (Gate)
        {
            milliseconds = Math.Max(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), _lastMilliseconds);
            if (milliseconds == _lastMilliseconds)
            {
                random = _lastRandom + 1;
            }
            else
            {
                Span<byte> bytes = stackalloc byte[16];
                RandomNumberGenerator.Fill(bytes);
                // Keep the top bit clear so increments within one millisecond cannot overflow 80 bits.
                random = new UInt128(BitConverter.ToUInt64(bytes) & 0x7FFF, BitConverter.ToUInt64(bytes[8..]));
            }

            _lastMilliseconds = milliseconds;
            _lastRandom = random + (uint)(count - 1);
        }

        return Encode(((UInt128)(ulong)milliseconds << 80) | random);
    }

    private static string Encode(UInt128 value) => string.Create(UlidLength, value, static (chars, v) =>
    {
        for (var i = UlidLength - 1; i >= 0; i--)
        {
            chars[i] = Alphabet[(int)(v & 31)];
            v >>= 5;
        }
    });
}
