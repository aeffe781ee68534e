namespace Runtype.Grains;

/// <summary>
/// How the emailing of a message stands: set on the messages a surface sends out (null on every other message), and
/// changed by <see cref="IConversationGrain.RecordDelivery"/> as the sender gets answers.
/// </summary>
[GenerateSerializer, Immutable, Alias("Runtype.MessageDelivery")]
public sealed record MessageDelivery
{
    [Id(0)] public DeliveryStatus Status { get; init; }

    /// <summary>How many times sending was tried.</summary>
    [Id(1)] public int Attempts { get; init; }

    /// <summary>Why the last attempt failed, in words, cut to <see cref="FieldLimits.DeliveryError"/> characters; null when none did.</summary>
    [Id(2)] public string? LastError { get; init; }

    /// <summary>When the server accepted the mail; null until it did.</summary>
    [Id(3)] public DateTime? SentAt { get; init; }
}
