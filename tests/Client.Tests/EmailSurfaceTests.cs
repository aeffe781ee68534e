using System.Net;
using System.Text.Json;
using Runtype.Testing;

namespace Runtype.Client.Tests;

/// <summary>
/// Email surfaces through the client (docs/email.md): settings in, settings out without passwords, the poll endpoint's
/// answers and an emailed message's delivery. The servers are a loopback port nothing listens on, so polls and sends
/// fail at once; what real mail servers make of it is tests/Api.Tests/Email's.
/// </summary>
[Collection(ClientCollection.Name)]
public sealed class EmailSurfaceTests : IDisposable
{
    private const string Password = "pw-7Kq2-client-never-echoed";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);
    private static readonly int ClosedPort = Ports.Free();
    private static readonly string[] Statuses = ["pending", "ok", "error"];

    private readonly RecordBodies _wire = new();
    private readonly RuntypeClient _client;

    public EmailSurfaceTests(ClientApiFactory api)
    {
        ArgumentNullException.ThrowIfNull(api);
        _client = api.Client(between: () => _wire);
    }

    /// <summary>The recorder sits in this test's client pipeline, which lives no longer than the test.</summary>
    public void Dispose() => _wire.Dispose();

    private static PutSurfaceRequest Mailbox(Optional<string?> password, bool smtp = true) => new()
    {
        Name = "Support",
        Type = "email",
        Email = new()
        {
            Imap = new() { Host = "127.0.0.1", Port = ClosedPort, Username = "support@example.com", Password = password },
            Smtp = smtp
                ? new() { Host = "127.0.0.1", Port = ClosedPort, Username = "support@example.com", Password = password, From = "Support <support@example.com>" }
                : null,
            PollEvery = TimeSpan.FromMinutes(30),
            Since = new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero),
        },
    };

    [Fact]
    public async Task Settings_round_trip_and_the_password_is_never_answered()
    {
        var id = $"mail-{Guid.NewGuid():N}";

        var put = await _client.PutSurfaceAsync(id, Mailbox(Password));
        var read = await _client.GetSurfaceAsync(id);

        foreach (var email in new[] { put.Email!, read.Email! })
        {
            Assert.Equal(new SurfaceMailServer("127.0.0.1", ClosedPort, "tls", "support@example.com", true, "INBOX", null), email.Imap);
            Assert.Equal(new SurfaceMailServer("127.0.0.1", ClosedPort, "starttls", "support@example.com", true, null, "Support <support@example.com>"), email.Smtp);
            Assert.Equal(TimeSpan.FromMinutes(30), email.PollEvery);
            Assert.Equal(new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero), email.Since);
            Assert.Contains(email.Status, Statuses);
        }

        Assert.Contains(_wire.Sent, body => body.Contains(Password, StringComparison.Ordinal));
        Assert.DoesNotContain(_wire.Answered, body => body.Contains(Password, StringComparison.Ordinal));
        Assert.DoesNotContain(Password, Mailbox(Password).ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_password_left_unset_is_kept_null_removes_it_and_a_put_without_email_removes_the_settings()
    {
        var id = $"mail-{Guid.NewGuid():N}";
        await _client.PutSurfaceAsync(id, Mailbox(Password));

        var kept = await _client.PutSurfaceAsync(id, Mailbox(default));
        var keptBody = _wire.Sent.Last();
        var removed = await _client.PutSurfaceAsync(id, Mailbox(null));
        var removedBody = _wire.Sent.Last();
        var plain = await _client.PutSurfaceAsync(id, "Support", "email");

        Assert.True(kept.Email!.Imap!.PasswordSet);
        Assert.True(kept.Email.Smtp!.PasswordSet);
        Assert.False(JsonDocument.Parse(keptBody).RootElement.GetProperty("email").GetProperty("imap").TryGetProperty("password", out _));
        Assert.False(removed.Email!.Imap!.PasswordSet);
        Assert.False(removed.Email.Smtp!.PasswordSet);
        Assert.Equal(JsonValueKind.Null, JsonDocument.Parse(removedBody).RootElement.GetProperty("email").GetProperty("imap").GetProperty("password").ValueKind);
        Assert.Null(plain.Email);
    }

    [Fact]
    public async Task A_poll_is_accepted_for_a_mailbox_and_its_failure_shows_on_the_surface_in_words()
    {
        var id = $"mail-{Guid.NewGuid():N}";
        await _client.PutSurfaceAsync(id, Mailbox(Password));
        var asked = DateTimeOffset.UtcNow.AddMilliseconds(-1);

        await _client.PollSurfaceAsync(id);
        var polled = await UntilAsync(() => _client.GetSurfaceAsync(id), s => s.Email!.LastPollAt >= asked && s.Email.Status == "error");

        Assert.False(string.IsNullOrWhiteSpace(polled.Email!.LastError));
        Assert.DoesNotContain(Password, polled.Email.LastError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_poll_of_a_surface_without_a_mailbox_is_409_and_of_an_unknown_one_404()
    {
        var sendOnly = $"send-{Guid.NewGuid():N}";
        var chat = $"chat-{Guid.NewGuid():N}";
        await _client.PutSurfaceAsync(sendOnly, Mailbox(Password) with { Email = Mailbox(Password).Email! with { Imap = null } });
        await _client.PutSurfaceAsync(chat, "Chat", "chat");

        var noMailbox = await Assert.ThrowsAsync<RuntypeApiException>(() => _client.PollSurfaceAsync(sendOnly));
        var notEmail = await Assert.ThrowsAsync<RuntypeApiException>(() => _client.PollSurfaceAsync(chat));
        var unknown = await Assert.ThrowsAsync<RuntypeApiException>(() => _client.PollSurfaceAsync($"none-{Guid.NewGuid():N}"));

        Assert.Equal(HttpStatusCode.Conflict, noMailbox.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, notEmail.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal("ok", (await _client.GetSurfaceAsync(sendOnly)).Email!.Status);
    }

    [Fact]
    public async Task An_outbound_message_on_a_surface_with_smtp_has_a_delivery_and_a_plain_message_none()
    {
        var id = $"mail-{Guid.NewGuid():N}";
        await _client.PutSurfaceAsync(id, Mailbox(Password));
        var emailed = (await _client.CreateConversationAsync(new() { SurfaceId = id, Subject = "Order 42", ParticipantEmail = "ada@example.com" })).Value;
        var plain = (await _client.CreateConversationAsync(new() { SurfaceId = "plain" })).Value;

        var reply = await _client.CreateMessageAsync(emailed.Id, new() { Content = "It ships today.", Role = "assistant", Direction = "outbound" });
        var question = await _client.CreateMessageAsync(emailed.Id, new() { Content = "Where is it?", Role = "user" });
        var other = await _client.CreateMessageAsync(plain.Id, new() { Content = "It ships today.", Role = "assistant", Direction = "outbound" });

        Assert.Equal("pending", reply.Delivery?.Status);
        Assert.Null(reply.Delivery!.SentAt);
        Assert.NotNull(reply.ExternalMessageId);
        Assert.Null(question.Delivery);
        Assert.Null(other.Delivery);
        Assert.Null((await _client.GetMessageAsync(plain.Id, other.Id)).Delivery);
    }

    /// <summary>Reads until <paramref name="done"/> holds, failing with the last value after <see cref="Patience"/>.</summary>
    private static Task<T> UntilAsync<T>(Func<Task<T>> read, Func<T, bool> done) => Eventually.UntilAsync(read, done, "the surface or message to settle", Patience);
}
