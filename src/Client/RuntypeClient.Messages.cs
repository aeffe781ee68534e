using System.Runtime.CompilerServices;

namespace Runtype.Client;

public sealed partial class RuntypeClient
{
    /// <summary>One page of the conversation's messages in <paramref name="order"/>.</summary>
    public Task<MessagePage> ListMessagesAsync(string conversationId, MessageOrder order = MessageOrder.Ascending, int? limit = null,
        string? cursor = null, CancellationToken cancellationToken = default)
    {
        var path = Query(MessagesPath(conversationId), ("limit", Number(limit)), ("order", order == MessageOrder.Descending ? "desc" : "asc"),
            ("cursor", cursor));
        return SendAsync<MessagePage>(NewRequest(HttpMethod.Get, path), cancellationToken);
    }

    /// <summary>Every message of the conversation in <paramref name="order"/>, page after page.</summary>
    public async IAsyncEnumerable<Message> EnumerateMessagesAsync(string conversationId, MessageOrder order = MessageOrder.Ascending,
        int? pageSize = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        string? cursor = null;
        do
        {
            var page = await ListMessagesAsync(conversationId, order, pageSize, cursor, cancellationToken).ConfigureAwait(false);
            foreach (var message in page.Data)
            {
                yield return message;
            }

            cursor = page.NextCursor;
        }
        while (cursor is not null);
    }

    /// <summary>
    /// Adds a message. Retries re-send <paramref name="idempotencyKey"/> (a new one when null), so a retry after a lost
    /// answer returns the message the first attempt created instead of adding another.
    /// </summary>
    public Task<Message> CreateMessageAsync(string conversationId, CreateMessageRequest request, string? idempotencyKey = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        return SendAsync<Message>(NewRequest(HttpMethod.Post, MessagesPath(conversationId), request, idempotencyKey), cancellationToken);
    }

    /// <summary>
    /// Imports earlier messages with their own creation times, all or nothing; messages whose external id is already
    /// there are skipped. Retries re-send <paramref name="idempotencyKey"/> (a new one when null), so a retry after a
    /// lost answer reports what the first attempt imported instead of importing twice.
    /// </summary>
    public Task<ImportMessagesResult> ImportMessagesAsync(string conversationId, ImportMessagesRequest request, string? idempotencyKey = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        return SendAsync<ImportMessagesResult>(
            NewRequest(HttpMethod.Post, ApiRoutes.Path(ApiRoutes.MessagesImport, conversationId), request, idempotencyKey), cancellationToken);
    }

    /// <summary>One message of the conversation.</summary>
    public Task<Message> GetMessageAsync(string conversationId, string messageId, CancellationToken cancellationToken = default) =>
        SendAsync<Message>(NewRequest(HttpMethod.Get, ApiRoutes.Path(ApiRoutes.Message, conversationId, messageId)), cancellationToken);

    /// <summary>
    /// Erases the message's content and metadata for good and returns it redacted (<see cref="Message.RedactedAt"/> set).
    /// Safe to repeat: a message redacted before comes back as it is.
    /// </summary>
    public Task<Message> RedactMessageAsync(string conversationId, string messageId, CancellationToken cancellationToken = default) =>
        SendAsync<Message>(NewRequest(HttpMethod.Delete, ApiRoutes.Path(ApiRoutes.Message, conversationId, messageId)), cancellationToken);

    private static string MessagesPath(string conversationId) => ApiRoutes.Path(ApiRoutes.Messages, conversationId);
}
