using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using Runtype.Api.Shared;
using Runtype.Grains;
using Runtype.Grains.Wire;

namespace Runtype.Api.Messages;

/// <summary>
/// The body of <c>POST /conversations/{id}/messages</c>. An imported message carries the same fields and more
/// (<see cref="ImportedMessageRequest"/>), read by the same <see cref="ReadMessage"/>.
/// </summary>
public sealed class CreateMessageRequest : JsonRequest<CreateMessageRequest, NewMessage>
{
    [Description("a second post with the same id answers 200 with the stored message")]
    public string? ExternalMessageId { get; init; }

    [Required]
    public string Content { get; init; } = "";

    [Required, Description("user, assistant or system")]
    public string Role { get; init; } = "";

    [Description("inbound or outbound; defaults from the role (user: inbound, otherwise outbound)")]
    public string? Direction { get; init; }

    public string? FlowStepResultId { get; init; }

    [Description("free-form JSON object, at most 32 KiB and 32 levels deep")]
    public RawJson? Metadata { get; init; }

    /// <summary>The create-message fields of one object, a body of its own or an element of an import; null when any is bad.</summary>
    public static NewMessage? ReadMessage(FieldReader body)
    {
        ArgumentNullException.ThrowIfNull(body);
        var content = body.Text(TextFields.Content, required: true, nullable: false);
        var role = body.Enum("role", EnumNames.Roles, required: true);
        var direction = body.Enum("direction", EnumNames.Directions, nullable: true);
        var externalMessageId = body.Text(TextFields.ExternalMessageId);
        var flowStepResultId = body.Text(TextFields.FlowStepResultId);
        var metadata = body.FreeformObject("metadata") ?? "{}";
        if (!body.IsValid)
        {
            return null;
        }

        return new NewMessage
        {
            Content = content!,
            Role = role!.Value,
            Direction = direction,
            ExternalMessageId = externalMessageId,
            FlowStepResultId = flowStepResultId,
            Metadata = metadata,
        };
    }

    protected override NewMessage? Read(FieldReader body, HttpContext http) => ReadMessage(body);
}
