using System.Net;
using System.Text.Json;

namespace Runtype.Api.Tests;

/// <summary>Registering, changing and removing webhook endpoints, their secrets, limits and deliveries, through the real pipeline.</summary>
[Collection(WebhooksCollection.Name)]
public sealed class WebhookTests(WebhooksApiFactory factory)
{
    public const string Webhooks = "/v1/messaging/webhooks";

    /// <summary>A public address literal: accepted without DNS. Test owners commit no events, so nothing is ever sent to it.</summary>
    public const string PublicUrl = "https://8.8.8.8/runtype-test";

    private const string SecretShape = "^whsec_[A-Za-z0-9_-]{43,}$";
    private const string UnknownEvent = "evt_01JAAAAAAAAAAAAAAAAAAAAAAA";

    [Fact]
    public async Task Create_answers_201_with_Location_and_the_secret_which_no_read_shows_again()
    {
        using var client = factory.ClientForNewOwner();
        using var response = await client.PostJsonAsync(Webhooks, $$"""{"url":"{{PublicUrl}}","types":["message.created","conversation.created","message.delivery_updated"],"description":"agent trigger"}""");
        var created = await response.ExpectJsonAsync(HttpStatusCode.Created);

        Assert.Matches("^whk_[0-9A-Z]{26}$", created.Id());
        Assert.Equal($"{Webhooks}/{created.Id()}", response.Headers.Location?.OriginalString);
        Assert.Equal(PublicUrl, created.GetProperty("url").GetString());
        Assert.Equal(["message.created", "conversation.created", "message.delivery_updated"], created.GetProperty("types").EnumerateArray().Select(t => t.GetString()));
        Assert.Equal("agent trigger", created.GetProperty("description").GetString());
        Assert.True(created.GetProperty("enabled").GetBoolean());
        Assert.Matches(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$", created.GetProperty("createdAt").GetString());
        Assert.Matches(SecretShape, created.GetProperty("secret").GetString());

        var read = await client.ReadJsonAsync($"{Webhooks}/{created.Id()}");
        var listed = Assert.Single((await client.ReadJsonAsync(Webhooks)).GetProperty("data").EnumerateArray());
        Assert.False(read.TryGetProperty("secret", out _));
        Assert.False(listed.TryGetProperty("secret", out _));
        Assert.Equal(read.GetRawText(), listed.GetRawText());
        Assert.Equal(Without(created, "secret"), read.GetRawText());
    }

    [Fact]
    public async Task Types_absent_or_null_mean_every_type_and_description_defaults_to_null()
    {
        using var client = factory.ClientForNewOwner();
        var absent = await CreateAsync(client, $$"""{"url":"{{PublicUrl}}","unknownProperty":1}""");
        var nulls = await CreateAsync(client, $$"""{"url":"{{PublicUrl}}","types":null,"description":null}""");

        foreach (var webhook in new[] { absent, nulls })
        {
            Assert.Equal(JsonValueKind.Null, webhook.GetProperty("types").ValueKind);
            Assert.Equal(JsonValueKind.Null, webhook.GetProperty("description").ValueKind);
        }
    }

    [Fact]
    public async Task A_description_of_500_characters_counts_an_emoji_as_one()
    {
        using var client = factory.ClientForNewOwner();
        var description = string.Concat(Enumerable.Repeat("\U0001F600", 500));
        var created = await CreateAsync(client, JsonSerializer.Serialize(new { url = PublicUrl, description }));
        Assert.Equal(description, created.GetProperty("description").GetString());
    }

    [Fact]
    public async Task Rotate_secret_answers_a_new_secret_once_and_keeps_the_endpoint()
    {
        using var client = factory.ClientForNewOwner();
        var created = await CreateAsync(client);

        using var response = await client.PostAsync($"{Webhooks}/{created.Id()}/rotate-secret", null);
        var rotated = await response.ExpectJsonAsync(HttpStatusCode.OK);

        Assert.Equal(created.Id(), rotated.Id());
        Assert.Matches(SecretShape, rotated.GetProperty("secret").GetString());
        Assert.NotEqual(created.GetProperty("secret").GetString(), rotated.GetProperty("secret").GetString());
        Assert.Equal(created.GetProperty("url").GetString(), rotated.GetProperty("url").GetString());
        Assert.False((await client.ReadJsonAsync($"{Webhooks}/{created.Id()}")).TryGetProperty("secret", out _));
    }

    [Fact]
    public async Task Put_changes_only_the_fields_it_names()
    {
        using var client = factory.ClientForNewOwner();
        var created = await CreateAsync(client, $$"""{"url":"{{PublicUrl}}","types":["message.created"],"description":"first"}""");
        var path = $"{Webhooks}/{created.Id()}";

        var described = await PutAsync(client, path, """{"description":"second"}""");
        Assert.Equal("second", described.GetProperty("description").GetString());
        Assert.Equal(PublicUrl, described.GetProperty("url").GetString());
        Assert.Equal(["message.created"], described.GetProperty("types").EnumerateArray().Select(t => t.GetString()));
        Assert.True(described.GetProperty("enabled").GetBoolean());
        Assert.Equal(created.GetProperty("createdAt").GetString(), described.GetProperty("createdAt").GetString());

        var disabled = await PutAsync(client, path, """{"enabled":false,"url":"https://8.8.4.4/moved"}""");
        Assert.False(disabled.GetProperty("enabled").GetBoolean());
        Assert.Equal("https://8.8.4.4/moved", disabled.GetProperty("url").GetString());
        Assert.Equal("second", disabled.GetProperty("description").GetString());

        var cleared = await PutAsync(client, path, """{"types":null,"description":null}""");
        Assert.Equal(JsonValueKind.Null, cleared.GetProperty("types").ValueKind);
        Assert.Equal(JsonValueKind.Null, cleared.GetProperty("description").ValueKind);
        Assert.False(cleared.GetProperty("enabled").GetBoolean());

        Assert.Equal(cleared.GetRawText(), (await client.ReadJsonAsync(path)).GetRawText());
    }

    [Fact]
    public async Task A_deleted_endpoint_is_a_404_everywhere_and_leaves_the_list()
    {
        using var client = factory.ClientForNewOwner();
        var kept = await CreateAsync(client);
        var deleted = await CreateAsync(client);
        var path = $"{Webhooks}/{deleted.Id()}";

        using (var response = await client.DeleteAsync(path))
        {
            Assert.True((await response.ExpectJsonAsync(HttpStatusCode.OK)).GetProperty("success").GetBoolean());
        }

        await ExpectEveryEndpointIs404Async(client, path);
        Assert.Equal([kept.Id()], (await client.ReadJsonAsync(Webhooks)).GetProperty("data").EnumerateArray().Select(w => w.Id()));
    }

    [Fact]
    public async Task Another_owners_endpoint_does_not_exist_for_you()
    {
        using var owner = factory.ClientForNewOwner();
        using var stranger = factory.ClientForNewOwner();
        var created = await CreateAsync(owner, $$"""{"url":"{{PublicUrl}}","description":"mine"}""");
        var path = $"{Webhooks}/{created.Id()}";

        await ExpectEveryEndpointIs404Async(stranger, path);
        Assert.Empty((await stranger.ReadJsonAsync(Webhooks)).GetProperty("data").EnumerateArray());

        // Nothing the stranger tried changed it.
        var after = await owner.ReadJsonAsync(path);
        Assert.Equal(Without(created, "secret"), after.GetRawText());
    }

    [Fact]
    public async Task The_21st_endpoint_of_an_owner_is_a_409_until_one_is_deleted()
    {
        using var client = factory.ClientForNewOwner();
        var ids = new List<string>();
        for (var i = 0; i < 20; i++)
        {
            ids.Add((await CreateAsync(client)).Id());
        }

        using (var refused = await client.PostJsonAsync(Webhooks, $$"""{"url":"{{PublicUrl}}"}"""))
        {
            await refused.ExpectProblemAsync(HttpStatusCode.Conflict);
        }

        Assert.Equal(ids, (await client.ReadJsonAsync(Webhooks)).GetProperty("data").EnumerateArray().Select(w => w.Id()));
        using (var delete = await client.DeleteAsync($"{Webhooks}/{ids[3]}"))
        {
            await delete.ExpectJsonAsync(HttpStatusCode.OK);
        }

        await CreateAsync(client);
    }

    [Fact]
    public async Task A_new_endpoint_has_no_deliveries()
    {
        using var client = factory.ClientForNewOwner();
        var created = await CreateAsync(client);

        foreach (var query in new[] { "", "?limit=1", "?limit=200" })
        {
            var deliveries = await client.ReadJsonAsync($"{Webhooks}/{created.Id()}/deliveries{query}");
            Assert.Equal("""{"data":[]}""", deliveries.GetRawText());
        }
    }

    [Fact]
    public async Task Redelivering_an_event_the_endpoint_never_attempted_is_a_404()
    {
        using var client = factory.ClientForNewOwner();
        var created = await CreateAsync(client);

        using var response = await client.PostJsonAsync($"{Webhooks}/{created.Id()}/redeliver", $$"""{"eventId":"{{UnknownEvent}}"}""");
        var problem = await response.ExpectProblemAsync(HttpStatusCode.NotFound);
        Assert.Contains("recorded deliveries", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_create_retried_with_its_Idempotency_Key_answers_the_first_endpoint_and_creates_no_second()
    {
        using var client = factory.ClientForNewOwner();
        var key = $"webhook-{Guid.NewGuid():N}";
        var body = $$"""{"url":"{{PublicUrl}}"}""";

        using var first = await client.PostJsonAsync(Webhooks, body, r => r.Headers.TryAddWithoutValidation("Idempotency-Key", key));
        using var retry = await client.PostJsonAsync(Webhooks, body, r => r.Headers.TryAddWithoutValidation("Idempotency-Key", key));

        var created = await first.ExpectJsonAsync(HttpStatusCode.Created);
        Assert.Equal(created.GetRawText(), (await retry.ExpectJsonAsync(HttpStatusCode.Created)).GetRawText());
        Assert.True(retry.Headers.Contains("Idempotent-Replayed"));
        Assert.Equal([created.Id()], (await client.ReadJsonAsync(Webhooks)).GetProperty("data").EnumerateArray().Select(w => w.Id()));
    }

    private static async Task ExpectEveryEndpointIs404Async(HttpClient client, string path)
    {
        using (var get = await client.GetAsync(path))
        {
            await get.ExpectProblemAsync(HttpStatusCode.NotFound);
        }

        using (var put = await client.PutJsonAsync(path, """{"description":"hijacked","enabled":false}"""))
        {
            await put.ExpectProblemAsync(HttpStatusCode.NotFound);
        }

        using (var rotate = await client.PostAsync($"{path}/rotate-secret", null))
        {
            await rotate.ExpectProblemAsync(HttpStatusCode.NotFound);
        }

        using (var deliveries = await client.GetAsync($"{path}/deliveries"))
        {
            await deliveries.ExpectProblemAsync(HttpStatusCode.NotFound);
        }

        using (var redeliver = await client.PostJsonAsync($"{path}/redeliver", $$"""{"eventId":"{{UnknownEvent}}"}"""))
        {
            await redeliver.ExpectProblemAsync(HttpStatusCode.NotFound);
        }

        using var delete = await client.DeleteAsync(path);
        await delete.ExpectProblemAsync(HttpStatusCode.NotFound);
    }

    private static async Task<JsonElement> CreateAsync(HttpClient client, string body = $$"""{"url":"{{PublicUrl}}"}""")
    {
        using var response = await client.PostJsonAsync(Webhooks, body);
        return await response.ExpectJsonAsync(HttpStatusCode.Created);
    }

    private static async Task<JsonElement> PutAsync(HttpClient client, string path, string body)
    {
        using var response = await client.PutJsonAsync(path, body);
        return await response.ExpectJsonAsync(HttpStatusCode.OK);
    }

    /// <summary>The object's JSON without one property, to compare an answer with a secret to one without.</summary>
    private static string Without(JsonElement element, string property) =>
        JsonSerializer.Serialize(element.EnumerateObject().Where(p => p.Name != property).ToDictionary(p => p.Name, p => p.Value));
}
