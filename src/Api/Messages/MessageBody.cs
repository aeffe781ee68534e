using System.Text.Json;
using Runtype.Api.Shared;
using Runtype.Grains;
using Runtype.Grains.Wire;

namespace Runtype.Api.Messages;

public static class MessageBody
{
    public static (NewMessage? Message, IDictionary<string, string[]>? Errors) Parse(JsonElement body)
    {
        var reader = new FieldReader(body);
        var message = Read(reader);
        reader.CheckUnreadProperties();
        return reader.IsValid ? (message, null) : (null, reader.Errors);
    }

    /// <summary>The create-message fields of one object, for a body of its own or an element of an import; null when any is bad.</summary>
    public static NewMessage? Read(FieldReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var content = reader.Text(TextFields.Content, required: true, nullable: false);
        var role = reader.Enum("role", EnumNames.Roles, required: true);
        var direction = reader.Enum("direction", EnumNames.Directions, nullable: true);
        var externalMessageId = reader.Text(TextFields.ExternalMessageId);
        var flowStepResultId = reader.Text(TextFields.FlowStepResultId);
        var metadata = reader.FreeformObject("metadata") ?? "{}";
        if (!reader.IsValid)
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
}
