using System.Text.Json;
using Runtype.Grains;
using Runtype.Grains.Wire;

namespace Runtype.Api.Validation;

public static class MessageBody
{
    public static (NewMessage? Message, IDictionary<string, string[]>? Errors) Parse(JsonElement body)
    {
        var reader = new FieldReader(body);
        var content = reader.Text(TextFields.Content, required: true, nullable: false);
        var role = reader.Enum("role", EnumNames.Roles, required: true);
        var direction = reader.Enum("direction", EnumNames.Directions, nullable: true);
        var externalMessageId = reader.Text(TextFields.ExternalMessageId);
        var flowStepResultId = reader.Text(TextFields.FlowStepResultId);
        var metadata = reader.FreeformObject("metadata") ?? "{}";
        reader.CheckUnreadProperties();
        if (!reader.IsValid)
        {
            return (null, reader.Errors);
        }

        return (new NewMessage
        {
            Content = content!,
            Role = role!.Value,
            Direction = direction,
            ExternalMessageId = externalMessageId,
            FlowStepResultId = flowStepResultId,
            Metadata = metadata,
        }, null);
    }
}
