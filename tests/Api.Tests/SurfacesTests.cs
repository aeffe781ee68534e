using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Core.Internal;
using Runtype.Grains;

namespace Runtype.Api.Tests;

/// <summary>The surfaces extension: register, rename, read, and how conversations show them.</summary>
[Collection(ApiCollection.Name)]
public sealed class SurfacesTests(ApiFactory factory)
{
    private const string Surfaces = "/v1/messaging/surfaces";

    [Fact]
    public async Task Put_registers_a_surface_and_get_reads_it_back()
    {
        var id = $"support-{Guid.NewGuid():N}";
        using var client = factory.ClientFor();

        var registered = await client.PutSurfaceAsync(id, "Support inbox", "email");
        var read = await client.ReadJsonAsync($"{Surfaces}/{id}");

        Assert.Equal(id, registered.GetProperty("id").GetString());
        Assert.Equal("Support inbox", registered.GetProperty("name").GetString());
        Assert.Equal("email", registered.GetProperty("type").GetString());
        Assert.Matches(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$", registered.GetProperty("createdAt").GetString());
        Assert.Equal(registered.GetRawText(), read.GetRawText());
    }

    [Fact]
    public async Task Put_again_renames_the_surface_and_keeps_its_creation_time()
    {
        var id = $"chat-{Guid.NewGuid():N}";
        using var client = factory.ClientFor();
        var created = await client.PutSurfaceAsync(id, "Chat", "chat");
        var renamed = await client.PutSurfaceAsync(id, "Web chat", "chat");

        Assert.Equal("Web chat", renamed.GetProperty("name").GetString());
        Assert.Equal(created.GetProperty("createdAt").GetString(), renamed.GetProperty("createdAt").GetString());
        Assert.Equal("Web chat", (await client.ReadJsonAsync($"{Surfaces}/{id}")).GetProperty("name").GetString());
    }

    /// <summary>
    /// Reading a surface with timers back from storage must not change what a surface without them gets. It did on
    /// SQL storage: Newtonsoft.Json, Orleans' grain storage serializer, filled the object a property already held, and
    /// a surface's timers default to one shared instance, so every later new surface (and conversation) inherited the
    /// timers last read (docs/storage.md). The memory store keeps objects, not JSON, and never showed it.
    /// </summary>
    [Fact]
    public async Task A_surface_read_back_from_storage_leaves_the_timers_of_new_surfaces_alone()
    {
        using var client = factory.ClientFor();
        var timed = $"timed-{Guid.NewGuid():N}";
        using (var put = await client.PutJsonAsync($"{Surfaces}/{timed}", """{"name":"Timed","type":"chat","autoCloseAfter":"PT1M","autoArchiveAfter":"PT2M"}"""))
        {
            await put.ExpectJsonAsync(HttpStatusCode.OK);
        }

        await factory.Services.GetRequiredService<IGrainFactory>().GetGrain<ISurfaceGrain>(GrainKeys.Compose("owner-a", timed))
            .AsReference<IGrainManagementExtension>().DeactivateOnIdle();
        Assert.Equal("PT1M", (await client.ReadJsonAsync($"{Surfaces}/{timed}")).GetProperty("autoCloseAfter").GetString());

        var plain = await client.PutSurfaceAsync($"plain-{Guid.NewGuid():N}", "Plain", "chat");
        Assert.Equal(JsonValueKind.Null, plain.GetProperty("autoCloseAfter").ValueKind);
        Assert.Equal(JsonValueKind.Null, plain.GetProperty("autoArchiveAfter").ValueKind);
    }

    [Fact]
    public async Task An_unregistered_surface_is_a_404()
    {
        using var client = factory.ClientFor();
        using var response = await client.GetAsync($"{Surfaces}/never-{Guid.NewGuid():N}");
        await response.ExpectProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_conversation_shows_its_registered_surface_and_null_for_an_unregistered_one()
    {
        var id = $"sms-{Guid.NewGuid():N}";
        using var client = factory.ClientFor();
        await client.PutSurfaceAsync(id, "SMS line", "sms");

        var registered = await client.CreateConversationAsync($$"""{"surfaceId":"{{id}}"}""");
        var unregistered = await client.CreateConversationAsync($$"""{"surfaceId":"nowhere-{{Guid.NewGuid():N}}"}""");

        Assert.Equal($$"""{"id":"{{id}}","name":"SMS line","type":"sms"}""", registered.GetProperty("surface").GetRawText());
        Assert.Equal(JsonValueKind.Null, unregistered.GetProperty("surface").ValueKind);
    }

    [Fact]
    public async Task A_conversation_shows_the_surfaces_current_name_after_a_rename()
    {
        var id = $"mail-{Guid.NewGuid():N}";
        using var client = factory.ClientFor();
        await client.PutSurfaceAsync(id, "Old name", "email");

        var conversation = await client.CreateConversationAsync($$"""{"surfaceId":"{{id}}"}""");
        await client.PutSurfaceAsync(id, "New name", "email");

        var fetched = await client.ReadJsonAsync($"{ApiClientExtensions.Conversations}/{conversation.Id()}");
        Assert.Equal("New name", fetched.GetProperty("surface").GetProperty("name").GetString());
    }

    [Fact]
    public async Task A_surface_body_missing_name_and_type_names_both()
    {
        using var client = factory.ClientFor();
        using var response = await client.PutJsonAsync($"{Surfaces}/s-{Guid.NewGuid():N}", "{}");
        await response.ExpectValidationErrorsAsync("name", "type");
    }

    [Theory]
    [InlineData("""{"name":"","type":"email"}""", "name")]
    [InlineData("""{"name":"x","type":""}""", "type")]
    [InlineData("""{"name":5,"type":"email"}""", "name")]
    [InlineData("""{"name":"x","type":null}""", "type")]
    [InlineData("""{"name":"a\u0000b","type":"email"}""", "name")]
    public async Task A_surface_field_that_is_empty_mistyped_null_or_has_NUL_is_named(string body, string field)
    {
        using var client = factory.ClientFor();
        using var response = await client.PutJsonAsync($"{Surfaces}/s-{Guid.NewGuid():N}", body);
        await response.ExpectValidationErrorsAsync(field);
    }

    [Fact]
    public async Task A_surface_name_longer_than_255_or_type_longer_than_64_is_a_400()
    {
        using var client = factory.ClientFor();
        using var tooLong = await client.PutJsonAsync($"{Surfaces}/s-{Guid.NewGuid():N}", $$"""{"name":"{{new string('n', 256)}}","type":"{{new string('t', 65)}}"}""");
        await tooLong.ExpectValidationErrorsAsync("name", "type");

        using var longest = await client.PutJsonAsync($"{Surfaces}/s-{Guid.NewGuid():N}", $$"""{"name":"{{new string('n', 255)}}","type":"{{new string('t', 64)}}"}""");
        await longest.ExpectJsonAsync(HttpStatusCode.OK);
    }

    [Fact]
    public async Task A_surface_id_of_255_characters_counts_an_emoji_as_one_like_a_conversation_surfaceId()
    {
        // 510 UTF-16 units: the same rule as the surfaceId a conversation carries.
        var id = Uri.EscapeDataString(string.Concat(Enumerable.Repeat("\U0001F600", 255)));
        using var client = factory.ClientFor();
        await client.PutSurfaceAsync(id, "Emoji", "chat");
        using var get = await client.GetAsync($"{Surfaces}/{id}");
        Assert.Equal("Emoji", (await get.ExpectJsonAsync(HttpStatusCode.OK)).GetProperty("name").GetString());
    }

    [Fact]
    public async Task A_surface_id_longer_than_255_is_a_400_on_put_and_a_404_on_get()
    {
        var id = new string('s', 256);
        using var client = factory.ClientFor();
        using (var put = await client.PutJsonAsync($"{Surfaces}/{id}", """{"name":"x","type":"email"}"""))
        {
            await put.ExpectValidationErrorsAsync("id");
        }

        using var get = await client.GetAsync($"{Surfaces}/{id}");
        await get.ExpectProblemAsync(HttpStatusCode.NotFound);
    }
}
