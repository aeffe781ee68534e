namespace Runtype.Grains;

[GenerateSerializer, Alias("Runtype.ConversationStatus")]
public enum ConversationStatus
{
    Open = 0,
    Closed = 1,
    Archived = 2,
}

[GenerateSerializer, Alias("Runtype.MessageRole")]
public enum MessageRole
{
    User = 0,
    Assistant = 1,
    System = 2,
}

[GenerateSerializer, Alias("Runtype.MessageDirection")]
public enum MessageDirection
{
    Inbound = 0,
    Outbound = 1,
}

/// <summary>Where the emailing of an outbound message stands (<see cref="MessageDelivery"/>).</summary>
[GenerateSerializer, Alias("Runtype.DeliveryStatus")]
public enum DeliveryStatus
{
    Pending = 1,
    Sent = 2,
    Failed = 3,
}
