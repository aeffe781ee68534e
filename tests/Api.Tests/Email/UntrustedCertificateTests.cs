using System.Net;
using Runtype.Testing;

namespace Runtype.Api.Tests.Email;

/// <summary>
/// TLS is checked: on a host that does not trust the test servers' self-signed certificate (no
/// <c>Email:TrustedCertificatesPath</c>), a poll over implicit TLS and a send over STARTTLS both fail, in words.
/// </summary>
[Trait("Tier", "Full")]
public sealed class UntrustedCertificateTests(UntrustingEmailApiFactory factory) : IClassFixture<UntrustingEmailApiFactory>
{
    [Fact]
    public async Task A_server_certificate_that_is_not_trusted_fails_the_poll_and_the_send()
    {
        using var client = factory.ClientFor();
        var surface = $"mail-{Guid.NewGuid():N}";
        var mailbox = MailServer.Current.NewAddress("untrusted");
        using (var put = await client.PutJsonAsync($"/v1/messaging/surfaces/{surface}", EmailApiFactory.Settings(mailbox)))
        {
            Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        }

        var status = await MailboxProbe.PollAsync(client, surface);
        var conversation = await client.CreateConversationAsync($$"""{"surfaceId":"{{surface}}","participantEmail":"someone@example.test"}""");
        var posted = await client.CreateMessageAsync(conversation.Id(), """{"content":"hello","role":"assistant"}""");
        var tried = await MailboxProbe.UntilAsync(() => client.ReadJsonAsync($"/v1/messaging/conversations/{conversation.Id()}/messages/{posted.Id()}"),
            m => m.GetProperty("delivery").GetProperty("attempts").GetInt32() >= 1, "a send attempt");

        Assert.Equal("error", status.GetProperty("email").GetProperty("status").GetString());
        Assert.StartsWith("certificate not trusted", status.GetProperty("email").GetProperty("lastError").GetString(), StringComparison.Ordinal);
        Assert.Equal("pending", tried.GetProperty("delivery").GetProperty("status").GetString());
        Assert.StartsWith("certificate not trusted", tried.GetProperty("delivery").GetProperty("lastError").GetString(), StringComparison.Ordinal);
    }
}
