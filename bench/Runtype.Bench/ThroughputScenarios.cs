using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Runtype.Storage.Sql;
using Runtype.Testing;

namespace Runtype.Bench;

/// <summary>
/// The product against its baselines, side by side in paired rounds (each round starts both fresh and runs them
/// back to back, alternating which goes first): create message on the memory store against the HTTP ceiling,
/// create message on PostgreSQL against the plain CRUD service, and listing 100 messages against the same.
/// </summary>
public static class ThroughputScenarios
{
    /// <summary>The seed page's create-message body, which every create-message scenario posts.</summary>
    internal const string CreateMessage = """{"content":"Hello, I need help with my account settings.","role":"user"}""";
    private const int Conversations = 64;

    public static async Task<IReadOnlyList<Measurement>> CreateMessageMemoryAsync(int rounds)
    {
        var product = new List<double>();
        var ceiling = new List<double>();
        var ratio = new List<double>();
        var listProduct = new List<double>();
        var listCeiling = new List<double>();
        var listRatio = new List<double>();
        for (var round = 0; round < rounds; round++)
        {
            double list = 0;
            async Task<double> Product()
            {
                await using var api = await ApiProcess.StartAsync("memory", "");
                var ids = await CreateConversationsAsync(api.Client(), Conversations);
                var created = (await Wrk.RunAsync(api.Address, "POST", "/v1/messaging/conversations/{id}/messages", ids, CreateMessage, ApiProcess.ApiKey)).RequestsPerSecond;
                list = (await Wrk.RunAsync(api.Address, "GET", "/v1/messaging/conversations/{id}/messages?limit=100&order=desc", [ids[0]], null, ApiProcess.ApiKey)).RequestsPerSecond;
                return created;
            }

            double ceilingList = 0;
            async Task<double> Ceiling()
            {
                await using var baseline = await BaselineProcess.StartAsync("ceiling");
                var created = (await Wrk.RunAsync(baseline.Address, "POST", "/v1/messaging/conversations/{id}/messages", ["conv_x"], CreateMessage, null)).RequestsPerSecond;
                ceilingList = (await Wrk.RunAsync(baseline.Address, "GET", "/v1/messaging/conversations/{id}/messages", ["conv_x"], null, null)).RequestsPerSecond;
                return created;
            }

            var (p, c) = await PairedAsync(round, Product, Ceiling);
            product.Add(p);
            ceiling.Add(c);
            ratio.Add(p / c);
            listProduct.Add(list);
            listCeiling.Add(ceilingList);
            listRatio.Add(list / ceilingList);
            Console.WriteLine($"  round {round + 1}: product {p:0}/s, ceiling {c:0}/s; list product {list:0}/s, ceiling {ceilingList:0}/s");
        }

        return
        [
            new Measurement("create message, memory store", "req/s", product),
            new Measurement("HTTP ceiling (bare Kestrel, parse and answer 201)", "req/s", ceiling),
            new Measurement("ratio product / ceiling (target >= 0.5)", "x", ratio),
            new Measurement("list 100 messages, memory store", "req/s", listProduct),
            new Measurement("HTTP ceiling, a fixed body shaped and sized like that list", "req/s", listCeiling),
            new Measurement("ratio list / its ceiling", "x", listRatio),
        ];
    }

    public static async Task<IReadOnlyList<Measurement>> PostgresAsync(int rounds)
    {
        var product = new List<double>();
        var productP99 = new List<double>();
        var crud = new List<double>();
        var createRatio = new List<double>();
        var listProduct = new List<double>();
        var listCrud = new List<double>();
        var listRatio = new List<double>();
        for (var round = 0; round < rounds; round++)
        {
            Wrk.Result? create = null;
            double list = 0;
            async Task<double> Product()
            {
                await using var database = await BenchDatabase.FreshAsync();
                await using var api = await ApiProcess.StartAsync(database.Provider, database.ConnectionString);
                var (ids, created) = await CreateMessagesAsync(api);
                create = created;
                list = (await Wrk.RunAsync(api.Address, "GET", "/v1/messaging/conversations/{id}/messages?limit=100&order=desc", [ids[0]], null, ApiProcess.ApiKey)).RequestsPerSecond;
                return create.RequestsPerSecond;
            }

            double crudList = 0;
            async Task<double> Crud()
            {
                await using var database = await BenchDatabase.FreshAsync(migrate: false);
                await using var baseline = await BaselineProcess.StartAsync("crud", database.Dialect.Tune(database.ConnectionString));
                var ids = await CreateConversationsAsync(new HttpClient { BaseAddress = baseline.Address }, Conversations);
                var result = await Wrk.RunAsync(baseline.Address, "POST", "/v1/messaging/conversations/{id}/messages", ids, CreateMessage, null);
                crudList = (await Wrk.RunAsync(baseline.Address, "GET", "/v1/messaging/conversations/{id}/messages?limit=100", [ids[0]], null, null)).RequestsPerSecond;
                return result.RequestsPerSecond;
            }

            var (p, c) = await PairedAsync(round, Product, Crud);
            product.Add(p);
            productP99.Add(create!.P99Milliseconds);
            crud.Add(c);
            createRatio.Add(p / c);
            listProduct.Add(list);
            listCrud.Add(crudList);
            listRatio.Add(list / crudList);
            Console.WriteLine($"  round {round + 1}: create product {p:0}/s (p99 {create.P99Milliseconds:0.0} ms), CRUD {c:0}/s; list product {list:0}/s, CRUD {crudList:0}/s");
        }

        return
        [
            new Measurement("create message, PostgreSQL, 64 conversations", "req/s", product),
            new Measurement("create message, PostgreSQL, p99 (target <= 50 ms)", "ms", productP99),
            new Measurement("plain CRUD service, create message", "req/s", crud),
            new Measurement("ratio product / CRUD, create (target >= 3)", "x", createRatio),
            new Measurement("list 100 messages of a hot conversation", "req/s", listProduct),
            new Measurement("plain CRUD service, list 100 messages", "req/s", listCrud),
            new Measurement("ratio product / CRUD, list (target >= 5)", "x", listRatio),
        ];
    }

    /// <summary>
    /// The create phase of the PostgreSQL scenario (also the outbox scenario's load): 64 conversations, then wrk
    /// POSTing the create-message body across them. Returns the conversations and wrk's figures.
    /// </summary>
    internal static async Task<(List<string> Conversations, Wrk.Result Result)> CreateMessagesAsync(ApiProcess api)
    {
        using var client = api.Client();
        var ids = await CreateConversationsAsync(client, Conversations);
        return (ids, await Wrk.RunAsync(api.Address, "POST", "/v1/messaging/conversations/{id}/messages", ids, CreateMessage, ApiProcess.ApiKey));
    }

    /// <summary>Runs both sides of a round, alternating which goes first so neither always has the warmer machine.</summary>
    internal static async Task<(T Product, T Baseline)> PairedAsync<T>(int round, Func<Task<T>> product, Func<Task<T>> baseline)
    {
        if (round % 2 == 0)
        {
            var p = await product();
            return (p, await baseline());
        }

        var b = await baseline();
        return (await product(), b);
    }

    internal static async Task<List<string>> CreateConversationsAsync(HttpClient client, int count)
    {
        var ids = new List<string>();
        for (var i = 0; i < count; i++)
        {
            using var created = await client.PostAsync("/v1/messaging/conversations", new StringContent("""{"surfaceId":"bench"}""", Encoding.UTF8, "application/json"));
            ids.Add((await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!);
        }

        return ids;
    }
}
