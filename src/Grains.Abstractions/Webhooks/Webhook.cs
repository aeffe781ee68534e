using Runtype.Grains.Events;

namespace Runtype.Grains.Webhooks;

/// <summary>A registered webhook endpoint as the API shows it; its signing secret is never part of it.</summary>
[GenerateSerializer, Immutable, Alias("Runtype.Webhook")]
public sealed record Webhook
{
    /// <summary><c>whk_</c> + ULID.</summary>
    [Id(0)] public required string Id { get; init; }

    [Id(1)] public required string Url { get; init; }

    /// <summary>The event types it receives; null = every type, including types added later.</summary>
    [Id(2)] public IReadOnlyList<EventType>? Types { get; init; }

    [Id(3)] public string? Description { get; init; }

    [Id(4)] public required bool Enabled { get; init; }

    [Id(5)] public required DateTime CreatedAt { get; init; }

    [Id(6)] public required DateTime UpdatedAt { get; init; }
}

/// <summary>A webhook with a signing secret, in the one answer that shows it (create, rotate).</summary>
[GenerateSerializer, Immutable, Alias("Runtype.WebhookWithSecret")]
public sealed record WebhookWithSecret([property: Id(0)] Webhook Webhook, [property: Id(1)] string Secret);

/// <summary>
/// What a new endpoint is registered with. <see cref="Id"/> is the id an Idempotency-Key reserved (null: a new
/// one): a retry of a create whose answer was lost finds the endpoint its first attempt made, not a second one.
/// </summary>
[GenerateSerializer, Immutable, Alias("Runtype.WebhookDraft")]
public sealed record WebhookDraft(
    [property: Id(0)] string Url,
    [property: Id(1)] IReadOnlyList<EventType>? Types,
    [property: Id(2)] string? Description,
    [property: Id(3)] string? Id = null);

/// <summary>A partial update: each field that is set replaces the endpoint's; <see cref="SetTypes"/> and
/// <see cref="SetDescription"/> say whether those (nullable) fields were given.</summary>
[GenerateSerializer, Immutable, Alias("Runtype.WebhookPatch")]
public sealed record WebhookPatch
{
    [Id(0)] public string? Url { get; init; }

    [Id(1)] public bool SetTypes { get; init; }

    [Id(2)] public IReadOnlyList<EventType>? Types { get; init; }

    [Id(3)] public bool SetDescription { get; init; }

    [Id(4)] public string? Description { get; init; }

    [Id(5)] public bool? Enabled { get; init; }
}

/// <summary>
/// What a delivery needs from its endpoint: where to send, what, and the secrets to sign with now (the current one
/// first; during a rotation's overlap also the previous one). Null from <see cref="IWebhooksGrain.Target"/> means
/// the endpoint is gone. <see cref="TypesSince"/> is the owner's newest event when the endpoint's types last
/// changed (null: never since it was registered): the types apply to the events after it, those before it were
/// judged by the types then.
/// </summary>
[GenerateSerializer, Immutable, Alias("Runtype.WebhookTarget")]
public sealed record WebhookTarget(
    [property: Id(0)] Webhook Webhook,
    [property: Id(1)] IReadOnlyList<string> Secrets,
    [property: Id(2)] EventPosition? TypesSince = null);
