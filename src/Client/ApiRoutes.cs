using System.Text.RegularExpressions;

namespace Runtype.Client;

/// <summary>
/// Every operation of the API the client calls, in one place: requests build their paths from these templates and
/// the OpenAPI consistency test compares <see cref="Operations"/> with the server's document, so a route added on
/// the server without a client call (or renamed) fails a test instead of a user.
/// </summary>
internal static partial class ApiRoutes
{
    public const string Conversations = "/v1/messaging/conversations";
    public const string Conversation = "/v1/messaging/conversations/{id}";
    public const string Messages = "/v1/messaging/conversations/{id}/messages";
    public const string Message = "/v1/messaging/conversations/{id}/messages/{messageId}";
    public const string MessagesImport = "/v1/messaging/conversations/{id}/messages/import";
    public const string Surface = "/v1/messaging/surfaces/{id}";
    public const string SurfacePoll = "/v1/messaging/surfaces/{id}/poll";
    public const string Events = "/v1/messaging/events";
    public const string EventStream = "/v1/messaging/events/stream";
    public const string Webhooks = "/v1/messaging/webhooks";
    public const string Webhook = "/v1/messaging/webhooks/{id}";
    public const string WebhookRotateSecret = "/v1/messaging/webhooks/{id}/rotate-secret";
    public const string WebhookDeliveries = "/v1/messaging/webhooks/{id}/deliveries";
    public const string WebhookRedeliver = "/v1/messaging/webhooks/{id}/redeliver";
    public const string SearchMessages = "/v1/messaging/search/messages";

    /// <summary>Each operation as (HTTP method, path template), as the OpenAPI document names them.</summary>
    public static readonly IReadOnlyList<(string Method, string Template)> Operations =
    [
        ("GET", Conversations), ("POST", Conversations),
        ("GET", Conversation), ("PUT", Conversation), ("DELETE", Conversation),
        ("GET", Messages), ("POST", Messages), ("GET", Message), ("DELETE", Message), ("POST", MessagesImport),
        ("GET", Surface), ("PUT", Surface), ("POST", SurfacePoll),
        ("GET", Events), ("GET", EventStream),
        ("GET", Webhooks), ("POST", Webhooks),
        ("GET", Webhook), ("PUT", Webhook), ("DELETE", Webhook),
        ("POST", WebhookRotateSecret), ("GET", WebhookDeliveries), ("POST", WebhookRedeliver),
        ("GET", SearchMessages),
    ];

    /// <summary>
    /// The template with each <c>{name}</c> replaced, in order, by the escaped value, and without its leading slash,
    /// so it resolves under the client's base address even when that has a path of its own.
    /// </summary>
    public static string Path(string template, params ReadOnlySpan<string> values)
    {
        var index = 0;
        var taken = values.ToArray();
        foreach (var value in taken)
        {
            ArgumentException.ThrowIfNullOrEmpty(value, nameof(values));
        }

        var path = Placeholder().Replace(template, _ => index < taken.Length
            ? Uri.EscapeDataString(taken[index++])
            : throw new ArgumentException($"The route {template} needs more values than the {taken.Length} given.", nameof(values)));
        return index == taken.Length
            ? path.TrimStart('/')
            : throw new ArgumentException($"The route {template} takes {index} values, not {taken.Length}.", nameof(values));
    }

    [GeneratedRegex(@"\{[^}]+\}")]
    private static partial Regex Placeholder();
}
