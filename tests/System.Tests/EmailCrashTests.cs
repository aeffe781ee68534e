using System.Net;
using System.Text.Json;
using MimeKit;
using Npgsql;
using Runtype.Storage.Sql;
using Runtype.Testing;

namespace Runtype.System.Tests;

/// <summary>
/// Email surfaces when processes die (docs/email.md): the server (API with its co-hosted silo, on PostgreSQL) is
/// killed with SIGKILL in the middle of a first poll of 10,000 mails (read because of <c>since</c>) and again in the
/// middle of sending 200 messages, then
/// started again. No mail becomes two messages and none is skipped; a message may be sent twice only with its one
/// Message-ID. With two silos polled through both, still one message per mail.
/// </summary>
public sealed class EmailCrashTests
{
    private static Dictionary<string, string> Settings() => new()
    {
        ["Email__AllowPrivateHosts"] = "true",
        ["Email__AllowInsecure"] = "true",
        ["Email__TrustedCertificatesPath"] = MailServer.Current.CaCertificatePath,
        ["Email__PollBatch"] = "50",
        ["Email__FirstRetryDelay"] = "00:00:01",
    };

    [Fact]
    public async Task A_kill_in_the_middle_of_a_poll_neither_doubles_nor_skips_a_mail()
    {
        const int mails = 10_000;
        await using var database = await TestDatabase.CreateAsync(PostgresDialect.ProviderName);
        var mailbox = MailServer.Current.NewAddress("crashpoll");
        var ids = Enumerable.Range(0, mails).Select(i => $"<crash-{i}-{Guid.NewGuid():N}@customer.example>").ToList();
        await MailServer.Current.AppendManyAsync(mailbox, ids.Select((id, i) => Mail($"c{i % 50}@customer.example", mailbox, $"Thread {i % 300}", $"mail {i}", id)));

        var api = await ApiProcess.StartAsync(database.Provider, database.ConnectionString, settings: Settings());
        using (var client = api.Client())
        {
            await Put(client, "mail", Surface(mailbox, since: DateTimeOffset.UtcNow.AddDays(-1)));
        }

        var atKill = await WaitForAsync(() => CountAsync(database), n => n >= 2000, "2,000 mails stored");
        api.Kill();
        Assert.True(atKill < mails, $"all {atKill} mails were stored before the kill");

        await using var restarted = await ApiProcess.StartAsync(database.Provider, database.ConnectionString, settings: Settings());
        using var again = restarted.Client();
        (await again.PostAsync("/v1/messaging/surfaces/mail/poll", null)).Dispose();
        await WaitForAsync(() => CountAsync(database), n => n >= mails, $"{mails} mails stored");
        await PollOnceMoreAsync(again, "mail");

        Assert.Equal(mails, await CountAsync(database));
        Assert.Equal(ids.Order(StringComparer.Ordinal), (await ExternalIdsAsync(database)).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task A_kill_in_the_middle_of_sending_sends_each_message_at_least_once_and_only_under_its_own_message_id()
    {
        await using var database = await TestDatabase.CreateAsync(PostgresDialect.ProviderName);
        var mailbox = MailServer.Current.NewAddress("crashsend");
        var customers = Enumerable.Range(0, 10).Select(i => MailServer.Current.NewAddress($"cust{i}")).ToList();
        var api = await ApiProcess.StartAsync(database.Provider, database.ConnectionString, settings: Settings());
        var expected = new List<string>();
        using (var client = api.Client())
        {
            await Put(client, "mail", Surface(mailbox, since: null));
            await MailServer.Current.AppendManyAsync(mailbox, customers.Select((c, i) => Mail(c, mailbox, $"Question {i}", "hello", $"<q{i}-{Guid.NewGuid():N}@customer.example>")));
            (await client.PostAsync("/v1/messaging/surfaces/mail/poll", null)).Dispose();
            await WaitForAsync(() => CountAsync(database), n => n >= customers.Count, "the customers' mails");
            var list = JsonDocument.Parse(await client.GetStringAsync("/v1/messaging/conversations?surfaceId=mail&limit=100")).RootElement;
            var conversations = list.GetProperty("data").EnumerateArray().Select(c => c.GetProperty("id").GetString()!).ToList();
            Assert.Equal(customers.Count, conversations.Count);
            await Task.WhenAll(conversations.Select(async id =>
            {
                for (var n = 0; n < 20; n++)
                {
                    using var posted = await client.PostAsync($"/v1/messaging/conversations/{id}/messages",
                        new StringContent($$"""{"content":"answer {{n}}","role":"assistant"}""", global::System.Text.Encoding.UTF8, "application/json"));
                    Assert.Equal(HttpStatusCode.Created, posted.StatusCode);
                    var body = JsonDocument.Parse(await posted.Content.ReadAsStringAsync()).RootElement;
                    lock (expected)
                    {
                        expected.Add(body.GetProperty("externalMessageId").GetString()!);
                    }
                }
            }));
        }

        await WaitForAsync(() => ReceivedAsync(customers), r => r.Count >= 40, "40 mails received");
        api.Kill();

        await using var restarted = await ApiProcess.StartAsync(database.Provider, database.ConnectionString, settings: Settings());
        await WaitForAsync(() => SentAsync(database), n => n >= expected.Count, "every message marked sent");
        var received = await ReceivedAsync(customers);

        Assert.Equal(expected.Order(StringComparer.Ordinal), received.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Two_silos_polled_through_both_store_each_mail_once()
    {
        await using var database = await TestDatabase.CreateAsync(PostgresDialect.ProviderName);
        var mailbox = MailServer.Current.NewAddress("twosilos");
        await using var first = await ApiProcess.StartAsync(database.Provider, database.ConnectionString, settings: Settings());
        await using var second = await ApiProcess.StartAsync(database.Provider, database.ConnectionString, settings: Settings());
        using var one = first.Client();
        using var two = second.Client();
        await Put(one, "mail", Surface(mailbox, since: null));

        var ids = new List<string>();
        for (var wave = 0; wave < 5; wave++)
        {
            var batch = Enumerable.Range(0, 60).Select(i => $"<w{wave}-{i}-{Guid.NewGuid():N}@customer.example>").ToList();
            ids.AddRange(batch);
            await MailServer.Current.AppendManyAsync(mailbox, batch.Select((id, i) => Mail($"p{i % 9}@customer.example", mailbox, $"Topic {i % 9}", id, id)));
            await Task.WhenAll(Enumerable.Range(0, 6).Select(async i => (await (i % 2 == 0 ? one : two).PostAsync("/v1/messaging/surfaces/mail/poll", null)).Dispose()));
        }

        await WaitForAsync(() => CountAsync(database), n => n >= ids.Count, "every mail stored");
        await PollOnceMoreAsync(two, "mail");

        Assert.Equal(ids.Order(StringComparer.Ordinal), (await ExternalIdsAsync(database)).Order(StringComparer.Ordinal));
    }

    private static object Surface(string mailbox, DateTimeOffset? since)
    {
        var server = MailServer.Current;
        return new
        {
            name = "Support",
            type = "email",
            email = new
            {
                imap = new { host = server.Host, port = server.ImapsPort, security = "tls", username = mailbox, password = server.Password },
                smtp = new { host = server.Host, port = server.SmtpPort, security = "none", from = $"Support <{mailbox}>" },
                pollEvery = "PT10S",
                since = since?.ToString("O"),
            },
        };
    }

    private static async Task Put(HttpClient client, string surface, object body)
    {
        using var response = await client.PutAsync($"/v1/messaging/surfaces/{surface}",
            new StringContent(JsonSerializer.Serialize(body), global::System.Text.Encoding.UTF8, "application/json"));
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
    }

    /// <summary>Asks for a poll and waits until one that started after the request has finished.</summary>
    private static async Task PollOnceMoreAsync(HttpClient client, string surface)
    {
        var asked = DateTime.UtcNow.AddSeconds(-0.001);
        (await client.PostAsync($"/v1/messaging/surfaces/{surface}/poll", null)).Dispose();
        await WaitForAsync(async () => JsonDocument.Parse(await client.GetStringAsync($"/v1/messaging/surfaces/{surface}")).RootElement
            .GetProperty("email").GetProperty("lastPollAt").GetString(), at => at is not null && DateTime.Parse(at, null, global::System.Globalization.DateTimeStyles.RoundtripKind) >= asked, "a later poll");
    }

    private static MimeMessage Mail(string from, string to, string subject, string text, string messageId)
    {
        var mail = new MimeMessage { Subject = subject, MessageId = messageId.Trim('<', '>'), Body = new TextPart("plain") { Text = text } };
        mail.From.Add(MailboxAddress.Parse(from));
        mail.To.Add(MailboxAddress.Parse(to));
        return mail;
    }

    private static async Task<long> CountAsync(TestDatabase database) => await ScalarAsync(database, "SELECT count(*) FROM runtype_messages WHERE direction = 0");

    private static async Task<long> SentAsync(TestDatabase database) => await ScalarAsync(database, "SELECT count(*) FROM runtype_messages WHERE delivery LIKE '%\"sent\"%'");

    private static async Task<long> ScalarAsync(TestDatabase database, string sql)
    {
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    private static async Task<List<string>> ExternalIdsAsync(TestDatabase database)
    {
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT external_message_id FROM runtype_messages WHERE direction = 0 ORDER BY external_message_id COLLATE \"C\"", connection);
        await using var reader = await command.ExecuteReaderAsync();
        var ids = new List<string>();
        while (await reader.ReadAsync())
        {
            ids.Add(reader.GetString(0));
        }

        return ids;
    }

    private static async Task<List<string>> ReceivedAsync(IEnumerable<string> customers)
    {
        var ids = new List<string>();
        foreach (var customer in customers)
        {
            ids.AddRange((await MailServer.Current.ReadInboxAsync(customer)).Select(m => $"<{m.MessageId}>"));
        }

        return ids;
    }

    private static async Task<T> WaitForAsync<T>(Func<Task<T>> read, Func<T, bool> done, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(120);
        while (true)
        {
            var value = await read();
            if (done(value))
            {
                return value;
            }

            Assert.True(DateTime.UtcNow < deadline, $"Waited 120 s for {what}; last: {value}");
            await Task.Delay(100);
        }
    }
}
