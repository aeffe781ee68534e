using System.Net;
using System.Text.Json;

namespace Runtype.Client.Tests;

[Collection(ClientCollection.Name)]
public sealed class ImportTests(ClientApiFactory api)
{
    private readonly RuntypeClient _client = api.Client();

    [Fact]
    public async Task An_import_keeps_its_createdAt_and_reports_what_it_skipped()
    {
        var conversation = (await _client.CreateConversationAsync(new() { SurfaceId = "imports" })).Value;
        var start = new DateTimeOffset(2024, 4, 1, 9, 30, 0, 123, TimeSpan.FromHours(2));
        var request = new ImportMessagesRequest
        {
            Messages =
            [
                new() { Content = "first", Role = "user", ExternalMessageId = "mail-1", CreatedAt = start },
                new() { Content = "first again", Role = "user", ExternalMessageId = "mail-1", CreatedAt = start },
                new() { Content = "reply", Role = "assistant", CreatedAt = start.AddMinutes(5), Metadata = JsonSerializer.SerializeToElement(new { folder = "sent" }) },
            ],
        };

        var result = await _client.ImportMessagesAsync(conversation.Id, request);

        Assert.Equal((2, 2L), (result.Imported, result.MessageCount));
        Assert.Equal(["mail-1"], result.Skipped);
        var messages = (await _client.ListMessagesAsync(conversation.Id)).Data;
        Assert.Equal([start, start.AddMinutes(5)], messages.Select(m => m.CreatedAt));
        Assert.Equal("sent", messages[1].Metadata.GetProperty("folder").GetString());
    }

    [Fact]
    public async Task A_400_names_the_field_with_its_index()
    {
        var conversation = (await _client.CreateConversationAsync(new() { SurfaceId = "imports" })).Value;
        var request = new ImportMessagesRequest
        {
            Messages = [new() { Content = "", Role = "user", CreatedAt = DateTimeOffset.UtcNow.AddDays(-1) }],
        };

        var error = await Assert.ThrowsAsync<RuntypeApiException>(() => _client.ImportMessagesAsync(conversation.Id, request));

        Assert.Equal(HttpStatusCode.BadRequest, error.StatusCode);
        Assert.Equal(["messages[0].content"], error.Errors.Keys);
    }
}
