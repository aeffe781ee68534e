using Runtype.Testing;

namespace Runtype.Bench;

/// <summary>
/// Many writers on ONE conversation (issue 14): wrk's 64 connections all POST to the same conversation, durable on
/// PostgreSQL, against the plain CRUD service on its single conversation row (which serializes on that row's lock). The
/// product's grain accepts the next posts while a commit is in flight and commits them together (write batching).
/// </summary>
internal static class HotConversationScenario
{
    public static async Task<IReadOnlyList<Measurement>> RunAsync(int rounds)
    {
        var product = new List<double>();
        var productP99 = new List<double>();
        var crud = new List<double>();
        var ratio = new List<double>();
        for (var round = 0; round < rounds; round++)
        {
            double p99 = 0;
            async Task<double> Product()
            {
                await using var database = await BenchDatabase.FreshAsync();
                await using var api = await ApiProcess.StartAsync(database.Provider, database.ConnectionString);
                var ids = await ThroughputScenarios.CreateConversationsAsync(api.Client(), 1);
                var result = await Wrk.RunAsync(api.Address, "POST", "/v1/messaging/conversations/{id}/messages", ids, ThroughputScenarios.CreateMessage, ApiProcess.ApiKey);
                p99 = result.P99Milliseconds;
                return result.RequestsPerSecond;
            }

            async Task<double> Crud()
            {
                await using var database = await BenchDatabase.FreshAsync(migrate: false);
                await using var baseline = await BaselineProcess.StartAsync("crud", database.Dialect.Tune(database.ConnectionString));
                var ids = await ThroughputScenarios.CreateConversationsAsync(new HttpClient { BaseAddress = baseline.Address }, 1);
                return (await Wrk.RunAsync(baseline.Address, "POST", "/v1/messaging/conversations/{id}/messages", ids, ThroughputScenarios.CreateMessage, null)).RequestsPerSecond;
            }

            var (p, c) = await ThroughputScenarios.PairedAsync(round, Product, Crud);
            product.Add(p);
            productP99.Add(p99);
            crud.Add(c);
            ratio.Add(p / c);
            Console.WriteLine($"  round {round + 1}: one conversation, product {p:0}/s (p99 {p99:0.0} ms), CRUD {c:0}/s");
        }

        return
        [
            new Measurement("create message, 64 writers on one conversation (target >= 4,000)", "msg/s", product),
            new Measurement("create message, one conversation, p99", "ms", productP99),
            new Measurement("plain CRUD service, 64 writers on one conversation", "msg/s", crud),
            new Measurement("ratio product / CRUD, one conversation (target >= 5)", "x", ratio),
        ];
    }
}
