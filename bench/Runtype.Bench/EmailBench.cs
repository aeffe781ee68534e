using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using Npgsql;
using Runtype.Testing;

namespace Runtype.Bench;

/// <summary>What the email scenario's ingest and send phases share: the API's settings, the surface, and waiting on the database.</summary>
public static class EmailBench
{
    public const string SurfaceId = "mail";

    /// <summary>
    /// The local servers are on loopback with a self-signed certificate and a plain SMTP port; everything else (poll
    /// batch, concurrency, retry delays) is the product's default.
    /// </summary>
    public static Dictionary<string, string> Settings() => new()
    {
        ["Email__AllowPrivateHosts"] = "true",
        ["Email__AllowInsecure"] = "true",
        ["Email__TrustedCertificatesPath"] = MailServer.Current.CaCertificatePath,
    };

    /// <summary>The mail servers bench/run.sh started; a clear word where they were not.</summary>
    public static MailServer Servers()
    {
        if (string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable(MailServer.Variable)))
        {
            throw new InvalidOperationException(
                $"The email scenario needs Dovecot and Exim: bench/run.sh starts them, or `source scripts/mail.sh && start_mail` in this shell ({MailServer.Variable}).");
        }

        return MailServer.Current;
    }

    /// <summary>PUTs the surface: IMAP over implicit TLS on <paramref name="mailbox"/>, reading back to <paramref name="since"/>, and <paramref name="smtp"/> if given.</summary>
    public static async Task PutSurfaceAsync(HttpClient client, string mailbox, DateTimeOffset since, object? smtp)
    {
        var server = MailServer.Current;
        var body = new
        {
            name = "Support",
            type = "email",
            email = new
            {
                imap = new { host = server.Host, port = server.ImapsPort, security = "tls", username = mailbox, password = server.Password },
                smtp,
                since = since.ToString("O", CultureInfo.InvariantCulture),
            },
        };
        using var response = await client.PutAsync($"/v1/messaging/surfaces/{SurfaceId}",
            new StringContent(JsonSerializer.Serialize(body), Encoding.UTF8, "application/json"));
        if (response.StatusCode != HttpStatusCode.OK)
        {
            throw new InvalidOperationException($"PUT of the email surface answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        }
    }

    /// <summary>Asks for a poll and waits until one that started after the request has finished (the surface's <c>lastPollAt</c>).</summary>
    public static async Task PollOnceMoreAsync(HttpClient client)
    {
        var asked = DateTime.UtcNow.AddMilliseconds(-1);
        (await client.PostAsync($"/v1/messaging/surfaces/{SurfaceId}/poll", null)).Dispose();
        await WaitForAsync(async () =>
        {
            var at = JsonDocument.Parse(await client.GetStringAsync($"/v1/messaging/surfaces/{SurfaceId}")).RootElement
                .GetProperty("email").GetProperty("lastPollAt").GetString();
            return at is not null && DateTime.Parse(at, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind) >= asked;
        }, done => done, TimeSpan.FromSeconds(120), TimeSpan.FromMilliseconds(100));
    }

    /// <summary>
    /// Reads <paramref name="read"/> every <paramref name="step"/> until <paramref name="done"/> holds or
    /// <paramref name="timeout"/> has passed; returns the last value either way (the caller reports what is missing).
    /// </summary>
    public static async Task<T> WaitForAsync<T>(Func<Task<T>> read, Func<T, bool> done, TimeSpan timeout, TimeSpan step)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var value = await read();
            if (done(value) || DateTime.UtcNow >= deadline)
            {
                return value;
            }

            await Task.Delay(step);
        }
    }

    public static async Task<long> ScalarAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return Convert.ToInt64(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
    }

    public static async Task<List<T>> ColumnAsync<T>(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync();
        var values = new List<T>();
        while (await reader.ReadAsync())
        {
            values.Add(reader.GetFieldValue<T>(0));
        }

        return values;
    }
}
