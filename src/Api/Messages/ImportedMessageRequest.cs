using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using Runtype.Api.Shared;
using Runtype.Grains;
using Runtype.Grains.Wire;

namespace Runtype.Api.Messages;

/// <summary>
/// One message of an import (<see cref="ImportMessagesRequest"/>): the create-message fields, documented and read as
/// <see cref="CreateMessageRequest"/> does, and the time it was first written. It is never a body of its own.
/// </summary>
public sealed class ImportedMessageRequest
{
    private static readonly TextField CreatedAtField = new("createdAt", 1, 64);

    [Description("a message whose id the conversation or the batch already holds is skipped")]
    public string? ExternalMessageId { get; init; }

    [Required, Description("RFC 3339; stored to the millisecond; not before the conversation's last message, not after now")]
    public string CreatedAt { get; init; } = "";

    [Required]
    public string Content { get; init; } = "";

    [Required, Description("user, assistant or system")]
    public string Role { get; init; } = "";

    [Description("inbound or outbound; defaults from the role (user: inbound, otherwise outbound)")]
    public string? Direction { get; init; }

    public string? FlowStepResultId { get; init; }

    [Description("free-form JSON object, at most 32 KiB and 32 levels deep")]
    public RawJson? Metadata { get; init; }

    /// <summary>
    /// One element, its problems named on <paramref name="element"/>: the message (null when any field is bad) and its
    /// <c>createdAt</c> (when readable, so the next element is still held to it), never before <paramref name="previous"/>.
    /// </summary>
    public static (NewMessage? Message, DateTime? CreatedAt) Read(FieldReader element, DateTime? previous)
    {
        ArgumentNullException.ThrowIfNull(element);
        var message = CreateMessageRequest.ReadMessage(element);
        DateTime? createdAt = null;
        if (element.Text(CreatedAtField, required: true, nullable: false) is { } text)
        {
            if (!Timestamps.TryParseRfc3339(text, out var at))
            {
                element.Fail(CreatedAtField.Name, "Must be an RFC 3339 date-time with a time zone, e.g. 2024-05-01T09:30:00.000Z.");
            }
            else
            {
                createdAt = at;
                if (previous is { } before && at < before)
                {
                    element.Fail(CreatedAtField.Name, "Must not be earlier than the createdAt of the message before it in the batch.");
                }
            }
        }

        element.CheckUnreadProperties();
        return (message, createdAt);
    }
}
