namespace Runtype.Grains;

/// <summary>A partial update: the fields named in <see cref="Present"/> take their value from <see cref="Values"/>.</summary>
[GenerateSerializer, Immutable, Alias("Runtype.ConversationPatch")]
public sealed record ConversationPatch([property: Id(0)] ConversationFields Values, [property: Id(1)] ConversationField Present)
{
    public ConversationFields ApplyTo(ConversationFields current) => new()
    {
        SurfaceId = Pick(ConversationField.SurfaceId, Values.SurfaceId, current.SurfaceId),
        Status = Pick(ConversationField.Status, Values.Status, current.Status),
        Subject = Pick(ConversationField.Subject, Values.Subject, current.Subject),
        ParticipantName = Pick(ConversationField.ParticipantName, Values.ParticipantName, current.ParticipantName),
        ParticipantEmail = Pick(ConversationField.ParticipantEmail, Values.ParticipantEmail, current.ParticipantEmail),
        ExternalParticipantId = Pick(ConversationField.ExternalParticipantId, Values.ExternalParticipantId, current.ExternalParticipantId),
        ExternalThreadId = Pick(ConversationField.ExternalThreadId, Values.ExternalThreadId, current.ExternalThreadId),
        Timezone = Pick(ConversationField.Timezone, Values.Timezone, current.Timezone),
        Context = Pick(ConversationField.Context, Values.Context, current.Context),
        ParticipantMetadata = Pick(ConversationField.ParticipantMetadata, Values.ParticipantMetadata, current.ParticipantMetadata),
        AutoCloseAfter = Pick(ConversationField.AutoCloseAfter, Values.AutoCloseAfter, current.AutoCloseAfter),
        AutoArchiveAfter = Pick(ConversationField.AutoArchiveAfter, Values.AutoArchiveAfter, current.AutoArchiveAfter),
    };

    private T Pick<T>(ConversationField field, T patched, T current) => Present.HasFlag(field) ? patched : current;
}
