namespace Runtype.Api.Tests.Model.Email;

/// <summary>A mail arrives in the mailbox (IMAP APPEND on the test Dovecot): mail <c>n</c>, maybe a reply to mail <c>k</c>.</summary>
internal sealed class DeliverMail(int n, int? replyTo) : ModelOperation<EmailUnderTest, EmailModel>
{
    private string? _id;
    private string? _parent;

    public override async Task RunAsync(EmailUnderTest actual)
    {
        ArgumentNullException.ThrowIfNull(actual);
        _id = $"<{actual.MessageId(n)}>";
        _parent = replyTo is { } k ? $"<{actual.MessageId(k)}>" : null;
        await actual.DeliverAsync(n, replyTo);
    }

    public override void Apply(EmailModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        model.Delivered.Add(new ModelMail(_id ?? "(not run)", _parent));
    }

    public override string ToString() => replyTo is { } k ? $"Deliver(m{n} re m{k})" : $"Deliver(m{n})";
}

/// <summary><c>POST /surfaces/:id/poll</c>: always accepted (the surface reads a mailbox); merged into a poll under way.</summary>
internal sealed class PollMailbox : SingleOperation<EmailUnderTest, EmailModel>
{
    protected override async Task<string> SendAsync(EmailUnderTest actual)
    {
        ArgumentNullException.ThrowIfNull(actual);
        using var response = await actual.SendAsync(HttpMethod.Post, $"/v1/messaging/surfaces/{actual.Surface}/poll");
        return Code(response);
    }

    protected override string Decide(EmailModel model, string actual) => "202";

    public override string ToString() => "Poll";
}

/// <summary>A PUT of the same mailbox with another poll interval: answered 200, and the mailbox's place is kept.</summary>
internal sealed class PutEmailSettings(string pollEvery) : SingleOperation<EmailUnderTest, EmailModel>
{
    protected override async Task<string> SendAsync(EmailUnderTest actual)
    {
        ArgumentNullException.ThrowIfNull(actual);
        using var response = await actual.SendAsync(HttpMethod.Put, $"/v1/messaging/surfaces/{actual.Surface}",
            Runtype.Api.Tests.Email.EmailApiFactory.Settings(actual.Mailbox, pollEvery: pollEvery));
        return Code(response);
    }

    protected override string Decide(EmailModel model, string actual) => "200";

    public override string ToString() => $"PutSettings({pollEvery})";
}

/// <summary>GET the surface: its mailbox's status is never an error here (the servers are up and the password right).</summary>
internal sealed class ReadEmailSurface : SingleOperation<EmailUnderTest, EmailModel>
{
    protected override async Task<string> SendAsync(EmailUnderTest actual)
    {
        ArgumentNullException.ThrowIfNull(actual);
        using var response = await actual.SendAsync(HttpMethod.Get, $"/v1/messaging/surfaces/{actual.Surface}");
        return await AnswerAsync(response, s => s.GetProperty("email").GetProperty("status").GetString() == "error" ? "error" : "not error");
    }

    protected override string Decide(EmailModel model, string actual) => "200 not error";

    public override string ToString() => "GetSurface";
}
