using Runtype.Api.Shared;
using Runtype.Grains;

namespace Runtype.Api.Conversations;

/// <summary>The body of <c>PUT /conversations/{id}</c>: any subset of the fields, at least one; null clears a nullable field.</summary>
public sealed class UpdateConversationRequest : ConversationRequestFields<UpdateConversationRequest, ConversationPatch>
{
    private static readonly (string Name, ConversationField Field)[] Names =
    [
        ("surfaceId", ConversationField.SurfaceId),
        ("status", ConversationField.Status),
        ("subject", ConversationField.Subject),
        ("participantName", ConversationField.ParticipantName),
        ("participantEmail", ConversationField.ParticipantEmail),
        ("externalParticipantId", ConversationField.ExternalParticipantId),
        ("externalThreadId", ConversationField.ExternalThreadId),
        ("timezone", ConversationField.Timezone),
        ("context", ConversationField.Context),
        ("participantMetadata", ConversationField.ParticipantMetadata),
        ("autoCloseAfter", ConversationField.AutoCloseAfter),
        ("autoArchiveAfter", ConversationField.AutoArchiveAfter),
    ];

    public string? SurfaceId { get; init; }

    /// <summary>The fields present, read as for create, and which they are.</summary>
    protected override ConversationPatch Read(FieldReader body, HttpContext http)
    {
        ArgumentNullException.ThrowIfNull(body);
        var present = ConversationField.None;
        foreach (var (name, field) in Names)
        {
            if (body.Has(name))
            {
                present |= field;
            }
        }

        if (present == ConversationField.None)
        {
            body.Fail("body", "Name at least one field to update.");
        }

        return new ConversationPatch(ReadFields(body, surfaceRequired: false), present);
    }
}
