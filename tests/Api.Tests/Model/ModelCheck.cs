using System.Globalization;
using CsCheck;
using Xunit.Abstractions;

namespace Runtype.Api.Tests.Model;

/// <summary>
/// How every model test runs CsCheck's <c>SampleParallel</c>: a few operations in order, then several at once on
/// four threads, for <c>RUNTYPE_MODEL_SECONDS</c> (each test has its own default), from <c>RUNTYPE_MODEL_SEED</c>
/// when set. A failure is shrunk and printed with the seed that generates it again.
/// </summary>
internal static class ModelCheck
{
    private static readonly int? SecondsSet =
        int.TryParse(Environment.GetEnvironmentVariable("RUNTYPE_MODEL_SECONDS"), CultureInfo.InvariantCulture, out var seconds) ? seconds : null;

    private static readonly string? Seed = Environment.GetEnvironmentVariable("RUNTYPE_MODEL_SEED") is { Length: > 0 } seed ? seed : null;

    /// <summary>
    /// An Idempotency-Key from a small pool, so that operations meet on keys, or none (one time in three); and how a
    /// keyed request is sent: once, retried after its answer, or raced (a request without a key is sent once).
    /// </summary>
    public static readonly Gen<(string? Key, Repeat Repeat)> Keys = Gen.Select(Gen.Int[0, 5], Gen.Int[0, 3], (k, r) => k < 4
        ? ($"k{k}", r switch { 2 => Repeat.Retry, 3 => Repeat.Race, _ => Repeat.Once })
        : ((string?)null, Repeat.Once));

    /// <summary>The CsCheck operation that runs <typeparamref name="TOperation"/>s on the real side and applies them to the model.</summary>
    public static GenOperation<TActual, TModel> Operation<TActual, TModel, TOperation>(Gen<TOperation> gen)
        where TActual : ApiUnderTest
        where TModel : ModelState
        where TOperation : ModelOperation<TActual, TModel> =>
        gen.Operation<TActual, TModel>(op => op.ToString()!, (actual, op) => op.Run(actual), (model, op) => op.Apply(model));

    public static void Run<TActual, TModel>(
        Gen<(TActual, TModel)> initial,
        GenOperation<TActual, TModel>[] operations,
        Func<TActual, TModel, bool> agrees,
        ITestOutputHelper output,
        int defaultSeconds,
        int maxSequentialOperations = 6,
        int maxParallelOperations = 6)
        where TActual : ApiUnderTest
        where TModel : ModelState
    {
        ArgumentNullException.ThrowIfNull(initial);
        ArgumentNullException.ThrowIfNull(output);

        // CsCheck compares the end state with the model's for many orders at once (Parallel.ForEach, one pool thread
        // each), and all of those wait on the one that reads the end state through the host, whose continuations
        // need pool threads too. Parallel.ForEach takes every thread the pool has; past the pool's minimum, the pool
        // adds one about every half second, and reads on PostgreSQL took half a second or a second each. Six
        // operations on four threads have at most 180 orders: a minimum above that leaves the host threads to run on.
        ThreadPool.GetMinThreads(out var workers, out var completions);
        ThreadPool.SetMinThreads(Math.Max(workers, 256), completions);
        initial.SampleParallel(
            operations,
            equal: agrees,
            seed: Seed,
            maxSequentialOperations: maxSequentialOperations,
            maxParallelOperations: maxParallelOperations,
            time: SecondsSet ?? defaultSeconds,
            threads: 4,
            printActual: actual => actual!.ToString()!,
            printModel: model => model!.ToString()!,
            // A failing seed is run once: the real state cannot be put back to its start for a second run.
            replay: 1,
            writeLine: output.WriteLine);
    }
}
