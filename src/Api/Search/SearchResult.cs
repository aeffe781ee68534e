using System.Reflection;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Metadata;
using Runtype.Api.Messages;
using Runtype.Api.Shared;
using Runtype.Grains.Search;
using Runtype.Grains.Wire;

namespace Runtype.Api.Search;

/// <summary>
/// The search body (<see cref="SearchPage"/>): each hit's message is written by <see cref="MessageJson"/>, so it reads
/// the same bytes as a GET of that message; the conversation and the highlight follow it.
/// </summary>
public sealed class SearchResult(MessageSearchPage page, string? nextCursor) : IResult, IEndpointMetadataProvider
{
    private static readonly JsonEncodedText MessageName = JsonEncodedText.Encode("message");
    private static readonly JsonEncodedText ConversationName = JsonEncodedText.Encode("conversation");
    private static readonly JsonEncodedText HighlightName = JsonEncodedText.Encode("highlight");
    private static readonly JsonEncodedText NextCursor = JsonEncodedText.Encode("nextCursor");
    private static readonly JsonEncodedText IdName = JsonEncodedText.Encode("id");
    private static readonly JsonEncodedText SurfaceIdName = JsonEncodedText.Encode("surfaceId");
    private static readonly JsonEncodedText StatusName = JsonEncodedText.Encode("status");
    private static readonly JsonEncodedText SubjectName = JsonEncodedText.Encode("subject");
    private static readonly JsonEncodedText ParticipantNameName = JsonEncodedText.Encode("participantName");
    private static readonly JsonEncodedText ParticipantEmailName = JsonEncodedText.Encode("participantEmail");

    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Metadata.Add(new ProducesResponseTypeMetadata(StatusCodes.Status200OK, typeof(SearchPage), ["application/json"]));
    }

    public Task ExecuteAsync(HttpContext httpContext) =>
        DataPage.WriteAsync(httpContext, page.Items, WriteHit, writer => WireValues.WriteStringOrNull(writer, NextCursor, nextCursor));

    private static void WriteHit(Utf8JsonWriter writer, MessageSearchHit hit)
    {
        writer.WriteStartObject();
        writer.WritePropertyName(MessageName);
        MessageJson.Write(writer, hit.Message);
        writer.WritePropertyName(ConversationName);
        var c = hit.Conversation;
        writer.WriteStartObject();
        writer.WriteString(IdName, c.Id);
        writer.WriteString(SurfaceIdName, c.SurfaceId);
        writer.WriteString(StatusName, EnumNames.Name(c.Status));
        WireValues.WriteStringOrNull(writer, SubjectName, c.Subject);
        WireValues.WriteStringOrNull(writer, ParticipantNameName, c.ParticipantName);
        WireValues.WriteStringOrNull(writer, ParticipantEmailName, c.ParticipantEmail);
        writer.WriteEndObject();
        writer.WriteString(HighlightName, hit.Highlight);
        writer.WriteEndObject();
    }
}

/// <summary>A page of search hits, newest first (documentation shape of <see cref="SearchResult"/>).</summary>
public sealed record SearchPage(IReadOnlyList<SearchHit> Data, string? NextCursor);

/// <summary>A matching message, as GET returns it, with its conversation and a highlighted fragment.</summary>
/// <param name="Highlight">At most 200 characters of the content around the first match, each matched word in <c>&lt;mark&gt;</c>; every other &lt;, &gt;, &amp; and " escaped, so it may be inserted as HTML.</param>
public sealed record SearchHit(MessageResponse Message, SearchHitConversation Conversation, string Highlight);

/// <summary>The conversation of a search hit.</summary>
public sealed record SearchHitConversation(string Id, string SurfaceId, string Status, string? Subject, string? ParticipantName, string? ParticipantEmail);
