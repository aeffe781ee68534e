using System.Runtime.CompilerServices;

namespace Runtype.Client;

public sealed partial class RuntypeClient
{

    /// <summary>One page of the conversations matching <paramref name="filter"/>, most recently updated first.</summary>
    public Task<ConversationPage> ListConversationsAsync(ConversationFilter? filter = null, int? limit = null, string? cursor = null,
        CancellationToken cancellationToken = default)
    {
        var path = Query(ApiRoutes.Path(ApiRoutes.Conversations), ("limit", Number(limit)), ("cursor", cursor), ("surfaceId", filter?.SurfaceId),
            ("status", filter?.Status), ("externalThreadId", filter?.ExternalThreadId), ("participantEmail", filter?.ParticipantEmail));
        return SendAsync<ConversationPage>(NewRequest(HttpMethod.Get, path), cancellationToken);
    }

    /// <summary>Every conversation matching <paramref name="filter"/>, page after page, most recently updated first.</summary>
    public async IAsyncEnumerable<ConversationSummary> EnumerateConversationsAsync(ConversationFilter? filter = null, int? pageSize = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        string? cursor = null;
        do
        {
            var page = await ListConversationsAsync(filter, pageSize, cursor, cancellationToken).ConfigureAwait(false);
            foreach (var conversation in page.Data)
            {
                yield return conversation;
            }

            cursor = page.Pagination.NextCursor;
        }
        while (cursor is not null);
    }

    /// <summary>Creates a conversation. Retries re-send <paramref name="idempotencyKey"/> (a new one when null), so it is created once.</summary>
    public async Task<Versioned<Conversation>> CreateConversationAsync(CreateConversationRequest request, string? idempotencyKey = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var (value, etag) = await SendVersionedAsync<Conversation>(NewRequest(HttpMethod.Post, ApiRoutes.Path(ApiRoutes.Conversations), request, idempotencyKey), cancellationToken)
            .ConfigureAwait(false);
        return new(value, etag);
    }

    /// <summary>The conversation with its ETag; a missing one is a <see cref="RuntypeApiException"/> with status 404.</summary>
    public async Task<Versioned<Conversation>> GetConversationAsync(string conversationId, CancellationToken cancellationToken = default)
    {
        var (value, etag) = await SendVersionedAsync<Conversation>(NewRequest(HttpMethod.Get, ConversationPath(conversationId)), cancellationToken)
            .ConfigureAwait(false);
        return new(value, etag);
    }

    /// <summary>
    /// Replaces the fields set in <paramref name="update"/>. With <paramref name="ifMatch"/> (an ETag), only that version
    /// is changed: another is a <see cref="RuntypeApiException"/> with status 412.
    /// </summary>
    public async Task<Versioned<Conversation>> UpdateConversationAsync(string conversationId, ConversationUpdate update, string? ifMatch = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(update);
        var request = NewRequest(HttpMethod.Put, ConversationPath(conversationId), update);
        AddIfMatch(request, ifMatch);
        var (value, etag) = await SendVersionedAsync<Conversation>(request, cancellationToken).ConfigureAwait(false);
        return new(value, etag);
    }

    /// <summary>Deletes the conversation and its messages; with <paramref name="ifMatch"/>, only that version (else 412).</summary>
    public async Task DeleteConversationAsync(string conversationId, string? ifMatch = null, CancellationToken cancellationToken = default)
    {
        var request = NewRequest(HttpMethod.Delete, ConversationPath(conversationId));
        AddIfMatch(request, ifMatch);
        await SendAsync<DeleteAnswer>(request, cancellationToken).ConfigureAwait(false);
    }

    private static string ConversationPath(string conversationId) => ApiRoutes.Path(ApiRoutes.Conversation, conversationId);

    private sealed record DeleteAnswer(bool Success);
}
