using System.Globalization;
using System.Net;
using System.Text.Json;

namespace Runtype.Api.Tests.Model;

/// <summary>
/// One operation of a model test: run once against the real API (from any thread, recording what it answered),
/// then applied to the model in each order the test tries, comparing the recorded answers with the model's. Apply
/// runs for several orders at once (CsCheck tries them in parallel), so it only reads what the run recorded.
/// </summary>
internal abstract class ModelOperation<TActual, TModel>
    where TActual : ApiUnderTest
    where TModel : ModelState
{
    public const string InFlight = "in flight";

    /// <summary>Runs the operation on the real side (blocking: the test's threads are its own).</summary>
    public void Run(TActual actual)
    {
        actual.ReadyAsync().GetAwaiter().GetResult();
        RunAsync(actual).GetAwaiter().GetResult();
    }

    public abstract Task RunAsync(TActual actual);

    public abstract void Apply(TModel model);

    /// <summary>What an answer says that the model can predict: the status, and what the body says of the resource.</summary>
    protected static async Task<string> AnswerAsync(HttpResponseMessage response, Func<JsonElement, string>? describe = null)
    {
        ArgumentNullException.ThrowIfNull(response);

        // A 409 with Retry-After is the Idempotency-Key's "still in flight": the request did nothing.
        if (IsInFlight(response))
        {
            return InFlight;
        }

        var code = Code(response);
        return response.IsSuccessStatusCode && describe is not null
            ? $"{code} {describe(await ApiUnderTest.JsonAsync(response))}"
            : code;
    }

    protected static bool IsInFlight(HttpResponseMessage response) =>
        response.StatusCode == HttpStatusCode.Conflict && response.Headers.RetryAfter is not null;

    protected static string Code(HttpResponseMessage response) => ((int)response.StatusCode).ToString(CultureInfo.InvariantCulture);
}

/// <summary>An operation sent once whose one answer the model predicts.</summary>
internal abstract class SingleOperation<TActual, TModel> : ModelOperation<TActual, TModel>
    where TActual : ApiUnderTest
    where TModel : ModelState
{
    private string? _answer;

    public sealed override async Task RunAsync(TActual actual) => _answer = await SendAsync(actual);

    public sealed override void Apply(TModel model) => model.Expect(ToString()!, Decide(model, _answer ?? "(not run)"), _answer ?? "(not run)");

    protected abstract Task<string> SendAsync(TActual actual);

    /// <summary>The model's answer, given the real one (<paramref name="actual"/>) for what the model cannot predict: ids and clock readings the server chose.</summary>
    protected abstract string Decide(TModel model, string actual);
}

/// <summary>How often a request is sent: once, retried after its answer, or twice at once (with the same key).</summary>
internal enum Repeat
{
    Once,
    Retry,
    Race,
}

/// <summary>
/// An Idempotency-Key's first answer: <paramref name="Operation"/> is the request it belongs to (a different request
/// under the same key is refused), <paramref name="Replay"/> what a replay answers, worked out when it is asked for
/// (a created message is replayed as it is then: a redaction shows).
/// </summary>
internal sealed record KeyRecord(object Operation, Func<string> Replay);

/// <summary>A fresh attempt's answer and, when it is under a key, what the key replays afterwards (null: the answer itself).</summary>
internal readonly record struct KeyedAnswer(string Answer, Func<string>? Replay = null)
{
    public static implicit operator KeyedAnswer(string answer) => new(answer);
}

/// <summary>
/// An operation that may carry an Idempotency-Key and be sent more than once: each attempt the model counts (those not
/// refused as in flight) is one more application, and the first under a key is what the key replays.
/// </summary>
internal abstract class KeyedOperation<TActual, TModel>(string? key, Repeat repeat) : ModelOperation<TActual, TModel>
    where TActual : ApiUnderTest
    where TModel : ModelState
{
    private readonly List<string> _answers = [];

    protected string? Key { get; } = key;

    public sealed override async Task RunAsync(TActual actual)
    {
        var answers = repeat switch
        {
            Repeat.Once => [await SendAsync(actual)],
            Repeat.Retry => [await SendAsync(actual), await SendAsync(actual)],
            _ => await Task.WhenAll(SendAsync(actual), SendAsync(actual)),
        };
        lock (_answers)
        {
            _answers.AddRange(answers);
        }
    }

    public sealed override void Apply(TModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var answered = _answers.Where(a => a != InFlight).ToList();
        if (repeat == Repeat.Race)
        {
            // Which of two racing requests was answered first is not known; one whose answer shows what a later
            // operation did can only be the second, so the model applies it second (a stable order otherwise).
            answered = [.. answered.OrderBy(answer => ShowsLaterWrite(answer) ? 1 : 0)];
        }

        var expected = answered.Select(answer => MayBeRefusedForAnother(model, answer) ? answer : ApplyOnce(model, answer)).ToList();
        if (repeat == Repeat.Race)
        {
            // Which of two racing requests answered first is not known: compare them as a set.
            answered.Sort(StringComparer.Ordinal);
            expected.Sort(StringComparer.Ordinal);
        }

        model.Expect(ToString()!, string.Join(" / ", expected), string.Join(" / ", answered));
    }

    protected abstract Task<string> SendAsync(TActual actual);

    /// <summary>
    /// The answer of one attempt that is not under a key the model has seen; <paramref name="actual"/> is what that
    /// attempt really answered, for what the model cannot predict (ids and clock readings the server chose).
    /// </summary>
    protected abstract KeyedAnswer Decide(TModel model, string actual);

    /// <summary>
    /// A key is another request's from the moment that request claims it, before its write lands: a 422 is then right
    /// even where the model, which applies each request whole, has not reached that request yet. Such an attempt did
    /// nothing; only a 422 under a key the model gives to this very request is wrong.
    /// </summary>
    private bool MayBeRefusedForAnother(TModel model, string answer) =>
        answer == "422" && Key is not null && !(model.Keys.TryGetValue(Key, out var first) && ReferenceEquals(first.Operation, this));

    private string ApplyOnce(TModel model, string actual)
    {
        if (Key is not null && model.Keys.TryGetValue(Key, out var first))
        {
            if (!ReferenceEquals(first.Operation, this))
            {
                return "422";
            }

            var replayed = first.Replay();
            return replayed != actual && ReplayedLater(model, replayed, actual) ? actual : replayed;
        }

        var (answer, replay) = Decide(model, actual);
        if (Key is not null)
        {
            model.Keys[Key] = new KeyRecord(this, replay ?? (() => answer));
        }

        return answer;
    }

    /// <summary>
    /// Whether <paramref name="actual"/> is what the replay <paramref name="replay"/> (as the model has it where it
    /// applies the operation) may have become by the time the server answered: a retry is sent after the first
    /// answer, so other operations can land between the two, and a replay that renders the resource as it is then
    /// shows what they did. None, unless an operation says which.
    /// </summary>
    protected virtual bool ReplayedLater(TModel model, string replay, string actual) => false;

    /// <summary>Whether <paramref name="answer"/> can only have been given after some later operation landed (see <see cref="ReplayedLater"/>).</summary>
    protected virtual bool ShowsLaterWrite(string answer) => false;

    protected string Suffix => (Key is null ? "" : $" key={Key}") + (repeat == Repeat.Once ? "" : $" {repeat}");
}
