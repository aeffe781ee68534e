using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace Runtype.Api.Tests;

/// <summary>
/// "An idle conversation's grain does not have to stay in memory for its timer to fire": 10,000 conversations with a
/// one-minute timer, every activation collected once they are created, and in real time (no clock moved) each one
/// closes, woken by its reminder alone, which lets it go again: the silo ends with far fewer than 10,000 of them.
/// A minute and more of real time: the full suite runs it, the fast tier (<c>scripts/test.sh --fast</c>) does not.
/// </summary>
[Trait("Tier", "Full")]
public sealed class InactivityScaleTests(InactivityScaleTests.Factory factory) : IClassFixture<InactivityScaleTests.Factory>
{
    private const int Count = 10_000;

    [Fact]
    public async Task Ten_thousand_idle_conversations_close_on_time_without_staying_in_memory()
    {
        using var client = factory.ClientFor();
        var surface = $"scale-{Guid.NewGuid():N}";
        using (var put = await client.PutJsonAsync($"/v1/messaging/surfaces/{surface}", """{"name":"Scale","type":"chat","autoCloseAfter":"PT1M"}"""))
        {
            await put.ExpectJsonAsync(HttpStatusCode.OK);
        }

        var created = 0;
        await Parallel.ForEachAsync(Enumerable.Range(0, Count), new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (_, _) =>
        {
            await client.CreateConversationAsync($$"""{"surfaceId":"{{surface}}"}""");
            Interlocked.Increment(ref created);
        });
        Assert.Equal(Count, created);

        var management = factory.Services.GetRequiredService<IGrainFactory>().GetGrain<IManagementGrain>(0);
        await management.ForceActivationCollection(TimeSpan.Zero);
        Assert.True(await ActiveConversationsAsync(management) < Count / 10, "the created conversations were not collected");
        Assert.Equal(Count, await CountAsync(client, surface, "open"));

        // Due a minute after each creation; the reminder fires within its period (5 s here) of that.
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(4);
        while (await CountAsync(client, surface, "closed") < Count && DateTime.UtcNow < deadline)
        {
            await Task.Delay(TimeSpan.FromSeconds(2));
        }

        Assert.Equal(Count, await CountAsync(client, surface, "closed"));

        // Woken by a tick alone, each let itself go: no 10,000 activations left behind (the collection age is minutes).
        var active = await ActiveConversationsAsync(management);
        var settle = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (active >= Count / 10 && DateTime.UtcNow < settle)
        {
            await Task.Delay(TimeSpan.FromSeconds(1));
            active = await ActiveConversationsAsync(management);
        }

        Assert.True(active < Count / 10, $"{active} conversation activations stayed after their timers fired");
    }

    private static async Task<int> ActiveConversationsAsync(IManagementGrain management) =>
        (await management.GetSimpleGrainStatistics()).Where(s => s.GrainType.Contains("ConversationGrain", StringComparison.Ordinal)).Sum(s => s.ActivationCount);

    private static async Task<long> CountAsync(HttpClient client, string surface, string status)
    {
        using var response = await client.GetAsync($"{ApiClientExtensions.Conversations}?surfaceId={surface}&status={status}&limit=1");
        return (await response.ExpectJsonAsync(HttpStatusCode.OK)).GetProperty("pagination").GetProperty("totalCount").GetInt64();
    }

    /// <summary>The real API with the real clock and a five-second reminder period.</summary>
    public sealed class Factory : ApiFactory
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseSetting("Inactivity:CheckEvery", "00:00:05");
        }
    }
}
