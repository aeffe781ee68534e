using Runtype.Grains.Wire;

namespace Runtype.Grains.Conversations;

/// <summary>
/// A delivery as the grain stores it: <see cref="MessageDelivery.LastError"/> cut to <see cref="FieldLimits.DeliveryError"/>
/// characters (code points, as every limit counts; a pair of surrogates is never split) and <see cref="MessageDelivery.SentAt"/>
/// as UTC whole milliseconds, the precision the wire and the stores keep, so what the grain answers is what a read returns.
/// </summary>
internal static class DeliveryValues
{
    public static MessageDelivery? Stored(MessageDelivery? delivery) => delivery is null ? null : delivery with
    {
        LastError = delivery.LastError is { } error ? Cut(error, FieldLimits.DeliveryError) : null,
        SentAt = delivery.SentAt is { } sentAt ? Timestamps.ToMilliseconds(sentAt.Kind == DateTimeKind.Local ? sentAt.ToUniversalTime() : sentAt) : null,
    };

    private static string Cut(string text, int characters)
    {
        var (index, counted) = (0, 0);
        while (index < text.Length && counted < characters)
        {
            index += char.IsSurrogatePair(text, index) ? 2 : 1;
            counted++;
        }

        return index < text.Length ? text[..index] : text;
    }
}
