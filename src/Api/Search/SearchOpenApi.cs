using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using Runtype.Api.Shared;
using Runtype.Grains.Search;
using Runtype.Grains.Wire;

namespace Runtype.Api.Search;

/// <summary>
/// The search handler reads its query itself (to report every bad value at once), so its parameters are described
/// here, with the limits and names the handler reads them by rather than restated ones.
/// </summary>
internal static class SearchOpenApi
{
    public static Task DocumentQuery(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellation)
    {
        var parameters = operation.Parameters ??= [];
        var q = Query(SearchApi.Query.Name, "The words to find. Terms side by side must all occur; \"a quoted phrase\" must occur as written; "
            + "-word or -\"phrase\" must not occur; OR (upper case) between two words or phrases takes either, and binds tighter than the "
            + "space (refund OR return order: (refund or return) and order). No other operators: every other character is text. Case, accents "
            + $"and English word forms are ignored; metadata is not searched. Up to {SearchQueryParser.MaxTerms} terms. A q with no word to "
            + "search for (only punctuation, or only excluded terms) is a 400 naming q.", Text(SearchApi.Query));
        q.Required = true;
        parameters.Add(q);
        parameters.Add(Query("limit", $"Page size, 1 to {SearchApi.MaxLimit}.", new OpenApiSchema
        {
            Type = JsonSchemaType.Integer,
            Minimum = "1",
            Maximum = SearchApi.MaxLimit.ToString(CultureInfo.InvariantCulture),
            Default = JsonValue.Create(SearchApi.DefaultLimit),
        }));
        parameters.Add(Query(TextFields.Cursor.Name, "Opaque cursor from a previous page's nextCursor. It only works for the same q (as sent) and filters "
            + "and the same API key's owner; an altered or foreign one is a 400 naming cursor.", Text(TextFields.Cursor)));
        parameters.Add(Query(TextFields.ConversationIdFilter.Name, "Only this conversation's messages.", Text(TextFields.ConversationIdFilter)));
        parameters.Add(Query(TextFields.SurfaceId.Name, "Only messages of conversations on this surface.", Text(TextFields.SurfaceId)));
        parameters.Add(Query("status", "Only messages of conversations with this status.", OneOf(EnumNames.Statuses.Keys)));
        parameters.Add(Query("role", "Only messages with this role.", OneOf(EnumNames.Roles.Keys)));
        parameters.Add(Query("direction", "Only messages with this direction.", OneOf(EnumNames.Directions.Keys)));
        parameters.Add(Query("createdAfter", "Only messages created strictly after this RFC 3339 date-time (with Z or an offset), compared to the millisecond.",
            Instant()));
        parameters.Add(Query("createdBefore", "Only messages created strictly before this RFC 3339 date-time (with Z or an offset), compared to the millisecond.",
            Instant()));
        parameters.Add(Query(TextFields.ParticipantEmail.Name, "Only messages of conversations with this participant e-mail, exactly.",
            Text(TextFields.ParticipantEmail)));

        Describe(operation, "200", "Matches newest first (createdAt, then id, descending), at most limit of them; nextCursor is null on the last page. "
            + "No totalCount: counting every match would cost what the page does not. Each hit has the message as a get of it answers, its "
            + "conversation, and highlight: at most 200 characters of the content with each matched word in <mark>...</mark> and every other "
            + "<, > and & escaped, so it may be inserted as HTML.");
        Describe(operation, "400", "An invalid parameter, each named in errors: q missing, too long or without a word to search for; a filter out of "
            + "its range; a cursor altered or issued for another search.");
        Describe(operation, "501", "The database cannot search (SQL Server without Full-Text Search installed); the detail says what to install.");
        return Task.CompletedTask;
    }

    private static void Describe(OpenApiOperation operation, string status, string description)
    {
        if (operation.Responses?.TryGetValue(status, out var response) == true && response is OpenApiResponse answer)
        {
            answer.Description = description;
        }
    }

    private static OpenApiParameter Query(string name, string description, OpenApiSchema schema) =>
        new() { Name = name, In = ParameterLocation.Query, Description = description, Schema = schema };

    private static OpenApiSchema Text(TextField field) => new() { Type = JsonSchemaType.String, MinLength = field.MinLength, MaxLength = field.MaxLength };

    private static OpenApiSchema OneOf(IEnumerable<string> values) =>
        new() { Type = JsonSchemaType.String, Enum = [.. values.Select(v => (JsonNode)JsonValue.Create(v))] };

    private static OpenApiSchema Instant() =>
        new() { Type = JsonSchemaType.String, Format = "date-time", MinLength = 1, MaxLength = SearchApi.InstantLength };
}
