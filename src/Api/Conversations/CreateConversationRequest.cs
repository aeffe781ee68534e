using System.ComponentModel.DataAnnotations;
using Runtype.Api.Shared;
using Runtype.Grains;

namespace Runtype.Api.Conversations;

/// <summary>The body of <c>POST /conversations</c>: <c>surfaceId</c> required, the other fields optional.</summary>
public sealed class CreateConversationRequest : ConversationRequestFields<CreateConversationRequest, ConversationFields>
{
    [Required]
    public string SurfaceId { get; init; } = "";

    protected override ConversationFields Read(FieldReader body, HttpContext http) => ReadFields(body, surfaceRequired: true);
}
