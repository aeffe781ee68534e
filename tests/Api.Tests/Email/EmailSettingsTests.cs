using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Runtype.Grains;
using Runtype.Grains.Email;

namespace Runtype.Api.Tests.Email;

/// <summary>
/// The email settings of a surface (docs/email.md, "Configuring a mailbox") as the API takes and answers them: shape,
/// the host guard and write-only passwords. The hosts here are public addresses nothing listens on for us; polling
/// them fails in the background, which these tests do not look at (EmailSurfaceTests use real servers).
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class EmailSettingsTests(ApiFactory factory)
{
    private const string Surfaces = "/v1/messaging/surfaces";
    private const string Password = "pw-Zq8vN3-never-echoed";
    private static readonly string[] Statuses = ["pending", "ok", "error"];

    private static string Settings(string imapHost = "93.184.216.34", string? password = Password, string smtpHost = "93.184.216.35") => JsonSerializer.Serialize(new
    {
        name = "Support",
        type = "email",
        email = new
        {
            imap = new { host = imapHost, username = "support@example.com", password },
            smtp = new { host = smtpHost, username = "support@example.com", password, from = "Support <support@example.com>" },
            pollEvery = "PT30S",
        },
    });

    [Fact]
    public async Task Passwords_are_write_only_and_the_answer_shows_every_other_setting()
    {
        using var client = factory.ClientFor();
        var id = $"mail-{Guid.NewGuid():N}";
        using var put = await client.PutJsonAsync($"{Surfaces}/{id}", Settings());
        var answer = await put.ExpectJsonAsync(HttpStatusCode.OK);
        var read = await client.GetStringAsync($"{Surfaces}/{id}");

        var email = answer.GetProperty("email");
        var imap = email.GetProperty("imap");
        Assert.Equal("93.184.216.34", imap.GetProperty("host").GetString());
        Assert.Equal(993, imap.GetProperty("port").GetInt32());
        Assert.Equal("tls", imap.GetProperty("security").GetString());
        Assert.Equal("INBOX", imap.GetProperty("mailbox").GetString());
        Assert.True(imap.GetProperty("passwordSet").GetBoolean());
        Assert.False(imap.TryGetProperty("password", out _));
        var smtp = email.GetProperty("smtp");
        Assert.Equal(587, smtp.GetProperty("port").GetInt32());
        Assert.Equal("starttls", smtp.GetProperty("security").GetString());
        Assert.Equal("Support <support@example.com>", smtp.GetProperty("from").GetString());
        Assert.Equal("PT30S", email.GetProperty("pollEvery").GetString());
        Assert.Contains(email.GetProperty("status").GetString(), Statuses);
        Assert.DoesNotContain(Password, answer.GetRawText(), StringComparison.Ordinal);
        Assert.DoesNotContain(Password, read, StringComparison.Ordinal);
        Assert.DoesNotContain(Password, factory.Logs.Text(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_password_left_out_is_kept_for_the_same_account_and_never_handed_to_another_host()
    {
        using var client = factory.ClientFor();
        var id = $"mail-{Guid.NewGuid():N}";
        (await (await client.PutJsonAsync($"{Surfaces}/{id}", Settings())).ExpectJsonAsync(HttpStatusCode.OK)).GetRawText();

        using var same = await client.PutJsonAsync($"{Surfaces}/{id}", Settings(password: null).Replace(",\"password\":null", "", StringComparison.Ordinal));
        var kept = await same.ExpectJsonAsync(HttpStatusCode.OK);
        using var moved = await client.PutJsonAsync($"{Surfaces}/{id}", Settings(imapHost: "93.184.216.36", password: null).Replace(",\"password\":null", "", StringComparison.Ordinal));
        var dropped = await moved.ExpectJsonAsync(HttpStatusCode.OK);
        using var removed = await client.PutJsonAsync($"{Surfaces}/{id}", Settings(password: null));
        var none = await removed.ExpectJsonAsync(HttpStatusCode.OK);

        Assert.True(kept.GetProperty("email").GetProperty("imap").GetProperty("passwordSet").GetBoolean());
        Assert.False(dropped.GetProperty("email").GetProperty("imap").GetProperty("passwordSet").GetBoolean());
        Assert.True(dropped.GetProperty("email").GetProperty("smtp").GetProperty("passwordSet").GetBoolean());
        Assert.False(none.GetProperty("email").GetProperty("smtp").GetProperty("passwordSet").GetBoolean());
    }

    [Fact]
    public async Task Bad_settings_name_every_bad_field_by_its_path()
    {
        using var client = factory.ClientFor();
        using var response = await client.PutJsonAsync($"{Surfaces}/mail-{Guid.NewGuid():N}", """
            {"name":"Support","type":"email","email":{
              "imap":{"port":0,"security":"ssl","mailbox":""},
              "smtp":{"host":"https://mail.example.com/","from":"not an address","username":7},
              "pollEvery":"PT5S","since":"yesterday"}}
            """);

        await response.ExpectValidationErrorsAsync(
            "email.imap.host", "email.imap.port", "email.imap.security", "email.imap.mailbox",
            "email.smtp.host", "email.smtp.from", "email.smtp.username", "email.pollEvery", "email.since");
    }

    [Fact]
    public async Task Only_an_email_surface_has_email_settings()
    {
        using var client = factory.ClientFor();
        using var response = await client.PutJsonAsync($"{Surfaces}/sms-{Guid.NewGuid():N}", Settings().Replace("\"type\":\"email\"", "\"type\":\"sms\"", StringComparison.Ordinal));
        await response.ExpectValidationErrorsAsync("email");
    }

    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("localhost")]
    [InlineData("10.1.2.3")]
    [InlineData("169.254.169.254")]
    [InlineData("::1")]
    public async Task Private_hosts_are_refused_unless_allowed(string host)
    {
        using var client = factory.ClientFor();
        using var response = await client.PutJsonAsync($"{Surfaces}/mail-{Guid.NewGuid():N}", Settings(imapHost: host, smtpHost: host));
        await response.ExpectValidationErrorsAsync("email.imap.host", "email.smtp.host");
    }

    [Fact]
    public async Task Plain_connections_are_refused_unless_allowed()
    {
        using var client = factory.ClientFor();
        using var response = await client.PutJsonAsync($"{Surfaces}/mail-{Guid.NewGuid():N}", """
            {"name":"Support","type":"email","email":{"imap":{"host":"93.184.216.34","security":"none"},"smtp":{"host":"93.184.216.34","security":"none","from":"a@example.com"}}}
            """);
        await response.ExpectValidationErrorsAsync("email.imap.security", "email.smtp.security");
    }

    [Fact]
    public async Task Poll_needs_a_mailbox_of_the_callers_own()
    {
        using var client = factory.ClientFor();
        using var other = factory.ClientFor(ApiFactory.OwnerBKey);
        var mailbox = $"mail-{Guid.NewGuid():N}";
        var sendOnly = $"send-{Guid.NewGuid():N}";
        (await client.PutJsonAsync($"{Surfaces}/{mailbox}", Settings())).Dispose();
        (await client.PutJsonAsync($"{Surfaces}/{sendOnly}", """{"name":"Out","type":"email","email":{"smtp":{"host":"93.184.216.35","from":"a@example.com"}}}""")).Dispose();

        using var accepted = await client.PostAsync($"{Surfaces}/{mailbox}/poll", null);
        using var conflict = await client.PostAsync($"{Surfaces}/{sendOnly}/poll", null);
        using var unknown = await client.PostAsync($"{Surfaces}/nothing-{Guid.NewGuid():N}/poll", null);
        using var foreign = await other.PostAsync($"{Surfaces}/{mailbox}/poll", null);
        using var foreignRead = await other.GetAsync($"{Surfaces}/{mailbox}");

        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        await conflict.ExpectProblemAsync(HttpStatusCode.Conflict);
        await unknown.ExpectProblemAsync(HttpStatusCode.NotFound);
        await foreign.ExpectProblemAsync(HttpStatusCode.NotFound);
        await foreignRead.ExpectProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_put_without_email_removes_the_settings()
    {
        using var client = factory.ClientFor();
        var id = $"mail-{Guid.NewGuid():N}";
        (await client.PutJsonAsync($"{Surfaces}/{id}", Settings())).Dispose();

        var cleared = await client.PutSurfaceAsync(id, "Support", "email");
        using var poll = await client.PostAsync($"{Surfaces}/{id}/poll", null);

        Assert.Equal(JsonValueKind.Null, cleared.GetProperty("email").ValueKind);
        await poll.ExpectProblemAsync(HttpStatusCode.Conflict);
    }

    /// <summary>
    /// The guard holds at connect time too: settings that name a loopback address (here written to the surface's
    /// grain directly, as a name that resolved to a public address at registration and to 127.0.0.1 later would
    /// leave them) are never connected to; the poll fails in words.
    /// </summary>
    [Fact]
    public async Task A_host_that_is_private_at_connect_time_is_refused_then()
    {
        using var client = factory.ClientFor();
        var id = $"mail-{Guid.NewGuid():N}";
        var imap = new MailServerChange { Host = "127.0.0.1", Port = 993, Security = MailSecurity.Tls, Username = "u", PasswordChange = PasswordChange.Set, Password = new SecretText("p"), Mailbox = "INBOX" };
        await factory.Services.GetRequiredService<IGrainFactory>().GetGrain<ISurfaceGrain>(GrainKeys.Compose("owner-a", id))
            .Put("Support", "email", InactivityTimersPatch.None, new EmailSettingsChange { Imap = imap });

        var status = await MailboxProbe.PollAsync(client, id);

        Assert.Equal("error", status.GetProperty("email").GetProperty("status").GetString());
        Assert.StartsWith("host refused", status.GetProperty("email").GetProperty("lastError").GetString(), StringComparison.Ordinal);
    }
}
