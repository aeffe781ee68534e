using CsCheck;
using Runtype.Api.Tests.Email;
using Runtype.Api.Tests.Model.Email;
using Xunit.Abstractions;
using ModelCheck = Runtype.Api.Tests.Model.ModelCheck;
using EmailOperation = Runtype.Api.Tests.Model.ModelOperation<Runtype.Api.Tests.Model.Email.EmailUnderTest, Runtype.Api.Tests.Model.Email.EmailModel>;

namespace Runtype.Api.Tests;

/// <summary>
/// Model-based parallel tests of an email surface's write paths against the real Dovecot: mails arriving (new,
/// replies, the same Message-ID twice), polls asked for, settings PUT again and reads, a few in order and then
/// several at once on four threads, while the surface's own timer polls too. At the end the mailbox must hold exactly
/// the mails the model delivered, and the surface's conversations must be what reading that mailbox one mail at a time
/// in UID order gives (<see cref="EmailModel.Ingest"/>): each mail once, threaded, in mailbox order. A failure is
/// shrunk and printed with its seed (<c>RUNTYPE_MODEL_SEED</c>); the run takes <c>RUNTYPE_MODEL_SECONDS</c> (default 20).
/// </summary>
[Collection(EmailCollection.Name)]
[Trait("Tier", "Full")]
public sealed class EmailModelTests(EmailApiFactory factory, ITestOutputHelper output)
{
    private static readonly string[] Intervals = ["PT10S", "PT30S", "PT1M"];

    [Fact]
    public async Task Concurrent_mail_polls_and_settings_leave_each_mail_once_in_its_thread()
    {
        using var client = factory.ClientFor();
        var initial = Gen.Const(0).Select(_ => (new EmailUnderTest(factory, client), new EmailModel()));
        await Task.Run(() => ModelCheck.Run(initial, Operations(), Agrees, output, defaultSeconds: 20));
    }

    private static GenOperation<EmailUnderTest, EmailModel>[] Operations()
    {
        Gen<EmailOperation> deliver = Gen.Select(Gen.Int[0, 5], Gen.Int[0, 5], (n, k) => (EmailOperation)new DeliverMail(n, k < n ? k : null));
        var poll = Gen.Const(0).Select(_ => (EmailOperation)new PollMailbox());
        var put = Gen.Int[0, 2].Select(i => (EmailOperation)new PutEmailSettings(Intervals[i]));
        var read = Gen.Const(0).Select(_ => (EmailOperation)new ReadEmailSurface());
        return [.. new[] { deliver, deliver, deliver, poll, poll, put, read }.Select(gen => ModelCheck.Operation<EmailUnderTest, EmailModel, EmailOperation>(gen))];
    }

    private static bool Agrees(EmailUnderTest actual, EmailModel model)
    {
        var final = actual.Final;
        if (!model.Settled() || final.Violations.Count > 0)
        {
            return false;
        }

        var delivered = model.Delivered.Select(m => $"{m.Id}>{m.ReplyTo}").Order(StringComparer.Ordinal);
        var held = final.Mailbox.Select(m => $"{m.Id}>{m.ReplyTo}").Order(StringComparer.Ordinal);
        var expected = EmailModel.Ingest(final.Mailbox);
        return delivered.SequenceEqual(held)
            && expected.Count == final.Conversations.Count
            && expected.All(e => final.Conversations.Any(c => c.SequenceEqual(e, StringComparer.Ordinal)));
    }
}
