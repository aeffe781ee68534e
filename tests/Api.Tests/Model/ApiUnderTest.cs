using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Core.Internal;
using Runtype.Grains;

namespace Runtype.Api.Tests.Model;

/// <summary>
/// The real side of a model test: one owner's API reached through the real HTTP pipeline (API, grains, store).
/// Operations call it from several threads at once; what they read that must hold whatever the interleaving is
/// checked as they read it and kept in <see cref="Violations"/>.
/// </summary>
/// <remarks>
/// CsCheck generates the initial state again for every order it tries on the model, and each time this object is
/// made anew: so nothing real happens in the constructor. What a sample starts from is made on first use
/// (<see cref="ReadyAsync"/>), by the one object whose operations run.
/// </remarks>
internal abstract class ApiUnderTest
{
    private readonly Lazy<Task> _ready;

    protected ApiUnderTest(ApiFactory factory, HttpClient client, string owner)
    {
        Factory = factory;
        Client = client;
        Owner = owner;
        _ready = new Lazy<Task>(SetUpAsync, LazyThreadSafetyMode.ExecutionAndPublication);
    }

    public ApiFactory Factory { get; }

    public HttpClient Client { get; }

    /// <summary>The owner the client's API key belongs to.</summary>
    public string Owner { get; }

    public ConcurrentQueue<string> Violations { get; } = new();

    /// <summary>Makes what the sample starts from (once, whoever asks first).</summary>
    public Task ReadyAsync() => _ready.Value;

    protected abstract Task SetUpAsync();

    /// <summary>The Idempotency-Key as sent: unique to this sample, so samples never share keys.</summary>
    protected abstract string ScopedKey(string key);

    /// <summary>Sends a request; a 5xx is never a right answer here and fails the run at once.</summary>
    public async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string? json = null, string? key = null, string? ifMatch = null)
    {
        using var request = new HttpRequestMessage(method, path);
        if (json is not null)
        {
            request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        }

        if (key is not null)
        {
            request.Headers.Add("Idempotency-Key", ScopedKey(key));
        }

        if (ifMatch is not null)
        {
            request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        }

        var response = await Client.SendAsync(request);
        if ((int)response.StatusCode >= 500)
        {
            throw new InvalidOperationException($"{method} {path} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        }

        return response;
    }

    public static async Task<JsonElement> JsonAsync(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();

    /// <summary>A conversation's events in feed order (one page: samples stay far below its 500), checked to be sequences 1..n.</summary>
    public async Task<IReadOnlyList<JsonElement>> EventsAsync(string conversationId)
    {
        using var response = await SendAsync(HttpMethod.Get, $"/v1/messaging/events?conversationId={conversationId}&limit=500");
        var events = (await JsonAsync(response)).GetProperty("data").EnumerateArray().ToList();
        var sequences = events.Select(e => e.GetProperty("sequence").GetInt64()).ToList();
        if (!sequences.SequenceEqual(Enumerable.Range(1, sequences.Count).Select(s => (long)s)))
        {
            Violations.Enqueue($"event sequences of {conversationId} are not 1..n: {string.Join(",", sequences)}");
        }

        return events;
    }

    /// <summary>
    /// A conversation's events once the feed shows all of them. The feed serves an event only when every transaction
    /// that could still commit before it has ended (its horizon, ReadEvents.sql), which on a busy database server can
    /// be a moment after the write answered: a read right after the operations may lack their last events. All of
    /// them is as many as the conversation's <paramref name="version"/> when it exists, and a last
    /// conversation.deleted when it does not (null). Waits up to ten seconds (the contract promises one), then
    /// answers what the feed shows.
    /// </summary>
    public async Task<IReadOnlyList<JsonElement>> SettledEventsAsync(string conversationId, long? version)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (true)
        {
            var events = await EventsAsync(conversationId);
            var settled = version is { } count
                ? events.Count >= count
                : events.Count > 0 && events[^1].GetProperty("type").GetString() == "conversation.deleted";
            if (settled || DateTime.UtcNow > deadline)
            {
                return events;
            }

            await Task.Delay(20);
        }
    }

    /// <summary>The version a conversation answer's ETag (<c>"3"</c>) names.</summary>
    public static long VersionOf(HttpResponseMessage response)
    {
        ArgumentNullException.ThrowIfNull(response);
        return long.Parse(response.Headers.ETag?.Tag.Trim('"') ?? "0", CultureInfo.InvariantCulture);
    }

    /// <summary>Deactivates a conversation's grain, so its next call reads the conversation back from the store.</summary>
    public Task DeactivateAsync(string conversationId) => DeactivateAsync<IConversationGrain>(GrainKeys.Compose(Owner, conversationId));

    /// <summary>Deactivates a grain, so its next call reads its state back from storage.</summary>
    public async Task DeactivateAsync<TGrain>(string key)
        where TGrain : IGrainWithStringKey =>
        await Factory.Services.GetRequiredService<IGrainFactory>()
            .GetGrain<TGrain>(key)
            .AsReference<IGrainManagementExtension>()
            .DeactivateOnIdle();
}
