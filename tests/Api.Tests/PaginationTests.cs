using System.Net;
using System.Text.Json;

namespace Runtype.Api.Tests;

/// <summary>
/// Cursor scopes: a cursor is bound to the exact filter values it was minted under, whatever characters they hold.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class PaginationTests(ApiFactory factory)
{
    private const string Conversations = ApiClientExtensions.Conversations;

    // Each pair joined with '\n' (null as empty, the status by its enum name) gave the same scope before scopes were
    // length-prefixed: A = ["s\n", "", "", ""] and B = ["s", "", "", "\n"]; A = ["s\nOpen", "", "", ""] and B = ["s", "Open", "", "\n"].
    [Theory]
    [InlineData("%0A", "participantEmail=%0A")]
    [InlineData("%0AOpen", "status=open&participantEmail=%0A")]
    public async Task A_cursor_minted_for_one_filter_set_is_a_400_for_another_that_joins_to_the_same_text(string surfaceSuffixA, string filtersB)
    {
        var surface = $"page-{Guid.NewGuid():N}";
        var surfaceA = surface + Uri.UnescapeDataString(surfaceSuffixA);
        using var client = factory.ClientFor();
        for (var i = 0; i < 2; i++)
        {
            await client.CreateConversationAsync(JsonSerializer.Serialize(new { surfaceId = surfaceA }));
        }

        JsonElement first;
        using (var listed = await client.GetAsync($"{Conversations}?surfaceId={Uri.EscapeDataString(surfaceA)}&limit=1"))
        {
            first = await listed.ExpectJsonAsync(HttpStatusCode.OK);
        }

        var cursor = Uri.EscapeDataString(first.GetProperty("pagination").GetProperty("nextCursor").GetString()!);

        using var response = await client.GetAsync($"{Conversations}?surfaceId={surface}&{filtersB}&limit=1&cursor={cursor}");
        await response.ExpectValidationErrorsAsync("cursor");
    }
}
