using MailKit.Net.Smtp;

namespace Runtype.Grains.Email;

/// <summary>
/// The SMTP connections one send loop keeps between messages: one transaction per message, but not one connection,
/// login and <c>QUIT</c> per message (a server can take a while to answer QUIT; Exim here took 200 ms, which capped
/// sending at the loop's concurrency / 0.2 s). A connection is reused only for the settings it was opened with, and
/// all are closed when the loop ends. Used on the grain's scheduler only, one caller at a time.
/// </summary>
internal sealed class SmtpPool(MailConnector connector) : IAsyncDisposable
{
    private readonly Stack<(MailServerSettings Settings, SmtpClient Client)> _idle = new();

    /// <summary>An open connection for <paramref name="settings"/>; <paramref name="reused"/> when it served an earlier message.</summary>
    public async Task<(SmtpClient Client, bool Reused)> TakeAsync(MailServerSettings settings)
    {
        while (_idle.TryPop(out var held))
        {
            if (held.Settings == settings && held.Client.IsConnected)
            {
                return (held.Client, true);
            }

            held.Client.Dispose();
        }

        return (await connector.OpenSmtpAsync(settings, CancellationToken.None), false);
    }

    public void Return(MailServerSettings settings, SmtpClient client) => _idle.Push((settings, client));

    public async ValueTask DisposeAsync()
    {
        var closing = new List<Task>();
        while (_idle.TryPop(out var held))
        {
            closing.Add(CloseAsync(held.Client));
        }

        await Task.WhenAll(closing);
    }

    private static async Task CloseAsync(SmtpClient client)
    {
        using (client)
        {
            try
            {
                using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(2));
                await client.DisconnectAsync(quit: true, patience.Token);
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                // Closing is courtesy: the messages were accepted before it.
            }
        }
    }
}
