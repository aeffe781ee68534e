namespace Runtype.Grains;

/// <summary>Which fields an update names; absent fields stay as they are.</summary>
[Flags, GenerateSerializer, Alias("Runtype.ConversationField")]
public enum ConversationField
{
    None = 0,
    SurfaceId = 1 << 0,
    Status = 1 << 1,
    Subject = 1 << 2,
    ParticipantName = 1 << 3,
    ParticipantEmail = 1 << 4,
    ExternalParticipantId = 1 << 5,
    ExternalThreadId = 1 << 6,
    Timezone = 1 << 7,
    Context = 1 << 8,
    ParticipantMetadata = 1 << 9,
    AutoCloseAfter = 1 << 10,
    AutoArchiveAfter = 1 << 11,
}
