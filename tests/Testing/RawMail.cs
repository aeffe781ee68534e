using System.Net.Sockets;
using System.Text;

namespace Runtype.Testing;

/// <summary>
/// Delivers bytes exactly as given (a malformed mail) through the test SMTP server's plain port, speaking SMTP by hand:
/// MailKit, like any MIME library, would parse and rewrite a mail before sending or appending it.
/// </summary>
public static class RawMail
{
    public static async Task DeliverAsync(MailServer server, string recipient, byte[] raw)
    {
        ArgumentNullException.ThrowIfNull(server);
        ArgumentNullException.ThrowIfNull(raw);
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(server.Host, server.SmtpPort);
        await using var stream = tcp.GetStream();
        using var reader = new StreamReader(stream, Encoding.ASCII, false, 1024, leaveOpen: true);
        await ExpectAsync(reader, "220");
        await SendAsync(stream, reader, "EHLO tests.example", "250");
        await SendAsync(stream, reader, "MAIL FROM:<raw@tests.example>", "250");
        await SendAsync(stream, reader, $"RCPT TO:<{recipient}>", "250");
        await SendAsync(stream, reader, "DATA", "354");
        // Dot-stuffing: a line that starts with a dot gets another, so the body cannot end the data early.
        var text = Encoding.Latin1.GetString(raw).Replace("\r\n.", "\r\n..", StringComparison.Ordinal);
        var body = Encoding.Latin1.GetBytes((text.StartsWith('.') ? "." : "") + text + (text.EndsWith("\r\n", StringComparison.Ordinal) ? "" : "\r\n"));
        await stream.WriteAsync(body);
        await SendAsync(stream, reader, ".", "250");
        await SendAsync(stream, reader, "QUIT", "221");
    }

    private static async Task SendAsync(NetworkStream stream, StreamReader reader, string line, string expected)
    {
        await stream.WriteAsync(Encoding.ASCII.GetBytes(line + "\r\n"));
        await ExpectAsync(reader, expected);
    }

    /// <summary>Reads one reply (its continuation lines too) and checks its code.</summary>
    private static async Task ExpectAsync(StreamReader reader, string code)
    {
        string? line;
        do
        {
            line = await reader.ReadLineAsync() ?? throw new IOException("The SMTP server closed the connection.");
        }
        while (line.Length > 3 && line[3] == '-');

        if (!line.StartsWith(code, StringComparison.Ordinal))
        {
            throw new IOException($"The SMTP server answered {line}, not {code}.");
        }
    }
}
