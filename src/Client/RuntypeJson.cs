using System.Text.Json;
using System.Text.Json.Serialization;

namespace Runtype.Client;

/// <summary>The API's JSON: camelCase names; absent optional request fields are not written.</summary>
internal static class RuntypeJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new IsoDurationJsonConverter() },
    };
}
