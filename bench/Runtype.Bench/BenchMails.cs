using System.Globalization;
using System.Text;
using MimeKit;

namespace Runtype.Bench;

/// <summary>
/// A support mailbox's worth of mail, seeded: about 70% of the mails start a thread, the rest answer an earlier mail
/// of the last few hundred (<c>In-Reply-To</c> and the thread's <c>References</c>, <c>Re:</c> subject, the earlier
/// text quoted below an "On ... wrote:" line) from the thread's customer. Bodies are <see cref="SearchText"/>
/// paragraphs between a greeting and a signature: mostly one to six, one mail in twenty a long one of 20-60. Most are
/// text/plain; a quarter are multipart/alternative with an HTML part, one in twenty HTML only, and one in twelve
/// carries a small attachment (a PDF or PNG of 2-30 KB). Message-IDs carry a token of the run, so no two runs share one.
/// </summary>
public sealed class BenchMails
{
    private static readonly string[] FirstNames = ["Anna", "Ben", "Chloe", "David", "Emma", "Farid", "Grace", "Hugo", "Ines", "Jonas", "Kenji", "Lea", "Marta", "Noah", "Olga", "Priya", "Rafael", "Sofia", "Tom", "Yusuf"];
    private static readonly string[] LastNames = ["Berger", "Costa", "Dubois", "Eriksen", "Fischer", "Garcia", "Hansen", "Ito", "Kowalski", "Lopez", "Moreau", "Novak", "Okafor", "Petrov", "Rossi", "Schmidt", "Tanaka", "Weber"];
    private static readonly string[] Domains = ["customer.example", "mail.example", "shop.example", "family.example"];
    private static readonly string[] Subjects =
    [
        "Order {0} has not arrived", "Refund for invoice {0}", "Cannot log in to my account", "Question about my subscription",
        "Change of delivery address for order {0}", "Damaged item in order {0}", "Charged twice for invoice {0}",
        "How do I cancel my plan?", "Password reset email never came", "Wrong size sent (order {0})", "Discount code {0} does not work",
        "Update my billing details", "Tracking number for order {0}", "Exchange instead of refund", "Account locked after update",
    ];

    private const int Customers = 400;
    private const int ReplyWindow = 500;

    private readonly Random _random;
    private readonly SearchText _text;
    private readonly string _run = Guid.NewGuid().ToString("N")[..12];
    private readonly List<Sent> _sent = [];

    public BenchMails(int seed)
    {
        _random = new Random(seed);
        _text = new SearchText(seed);
    }

    /// <summary>How many of the mails so far start a thread of their own: the conversations they should become.</summary>
    public int Threads { get; private set; }

    /// <summary><paramref name="count"/> mails to <paramref name="to"/>, oldest first, dated over the 30 days before now.</summary>
    public List<MimeMessage> Generate(string to, int count)
    {
        var start = DateTimeOffset.UtcNow.AddDays(-30);
        var step = TimeSpan.FromDays(30) / Math.Max(1, count);
        var mails = new List<MimeMessage>(count);
        for (var i = 0; i < count; i++)
        {
            mails.Add(Next(to, start + (step * i)));
        }

        return mails;
    }

    /// <summary>One new-thread mail from <paramref name="from"/> (a send scenario's customer, who must get the answers).</summary>
    public MimeMessage FirstFrom(string from, string to)
    {
        var (name, _) = Customer(_random.Next(Customers));
        Threads++;
        return Compose(new Sent(from, name, Subject(), [], "", ""), to, DateTimeOffset.UtcNow.AddMinutes(-5), reply: null);
    }

    private MimeMessage Next(string to, DateTimeOffset date)
    {
        if (_sent.Count > 0 && _random.Next(10) < 3)
        {
            var parent = _sent[_sent.Count - 1 - _random.Next(Math.Min(ReplyWindow, _sent.Count))];
            return Compose(parent, to, date, reply: parent);
        }

        var (name, address) = Customer(_random.Next(Customers));
        Threads++;
        return Compose(new Sent(address, name, Subject(), [], "", ""), to, date, reply: null);
    }

    private MimeMessage Compose(Sent thread, string to, DateTimeOffset date, Sent? reply)
    {
        var id = string.Create(CultureInfo.InvariantCulture, $"{_sent.Count}.{_run}.{_random.Next():x8}@{thread.From.Split('@')[1]}");
        var text = Body(thread.Name, reply);
        var mail = new MimeMessage { MessageId = id, Date = date, Subject = reply is null ? thread.Subject : "Re: " + thread.Subject };
        mail.From.Add(new MailboxAddress(thread.Name, thread.From));
        mail.To.Add(new MailboxAddress("Support", to));
        List<string> references = [];
        if (reply is not null)
        {
            references = [.. reply.References, reply.Id];
            mail.InReplyTo = reply.Id;
            foreach (var reference in references)
            {
                mail.References.Add(reference);
            }
        }

        mail.Body = Parts(text);
        _sent.Add(new Sent(thread.From, thread.Name, thread.Subject, references, id, text) { Date = date });
        return mail;
    }

    private MimeEntity Parts(string text)
    {
        var shape = _random.Next(100);
        var attached = _random.Next(12) == 0;
        if (shape >= 30 && !attached)
        {
            return new TextPart("plain") { Text = text };
        }

        var body = new BodyBuilder();
        if (shape >= 5)
        {
            body.TextBody = text;
        }

        if (shape < 30)
        {
            body.HtmlBody = Html(text);
        }

        if (attached)
        {
            var bytes = new byte[_random.Next(2_048, 30_720)];
            _random.NextBytes(bytes);
            var pdf = _random.Next(2) == 0;
            var number = _random.Next(100_000).ToString(CultureInfo.InvariantCulture);
            body.Attachments.Add(pdf ? $"receipt-{number}.pdf" : $"screenshot-{number}.png",
                bytes, pdf ? new ContentType("application", "pdf") : new ContentType("image", "png"));
        }

        return body.ToMessageBody();
    }

    private string Body(string name, Sent? reply)
    {
        var text = new StringBuilder();
        text.Append(_random.Next(3) switch { 0 => "Hello,", 1 => "Hi team,", _ => "Good morning," }).Append("\n\n");
        var paragraphs = _random.Next(20) == 0 ? _random.Next(20, 61) : _random.Next(1, 7);
        for (var p = 0; p < paragraphs; p++)
        {
            text.Append(_text.Next()).Append(' ').Append(_text.Next()).Append("\n\n");
        }

        text.Append("Thanks,\n").Append(name).Append('\n');
        if (reply is not null)
        {
            text.Append('\n').Append(CultureInfo.InvariantCulture, $"On {reply.Date:ddd, d MMM yyyy HH:mm}, {reply.Name} <{reply.From}> wrote:").Append('\n');
            foreach (var line in reply.Text.Split('\n').Take(40))
            {
                text.Append("> ").Append(line).Append('\n');
            }
        }

        return text.ToString();
    }

    private static string Html(string text)
    {
        var html = new StringBuilder("<html><body><div style=\"font-family: Arial, sans-serif; font-size: 14px\">");
        foreach (var paragraph in text.Split("\n\n", StringSplitOptions.RemoveEmptyEntries))
        {
            html.Append("<p>").Append(System.Net.WebUtility.HtmlEncode(paragraph).Replace("\n", "<br>", StringComparison.Ordinal)).Append("</p>");
        }

        return html.Append("</div></body></html>").ToString();
    }

    private static (string Name, string Address) Customer(int n)
    {
        var first = FirstNames[n % FirstNames.Length];
        var last = LastNames[(n / FirstNames.Length) % LastNames.Length];
        return ($"{first} {last}", string.Create(CultureInfo.InvariantCulture, $"{first}.{last}{n}@{Domains[n % Domains.Length]}").ToLowerInvariant());
    }

    private string Subject() => string.Format(CultureInfo.InvariantCulture, Subjects[_random.Next(Subjects.Length)], _random.Next(10_000, 99_999));

    /// <summary>What a later reply needs of a mail: its thread, its id and what it said.</summary>
    private sealed record Sent(string From, string Name, string Subject, List<string> References, string Id, string Text)
    {
        public DateTimeOffset Date { get; init; }
    }
}
