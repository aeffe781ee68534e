using System.Collections.Concurrent;
using Runtype.Api.Shared;
using Runtype.Grains;

namespace Runtype.System.Tests;

/// <summary>
/// What the crash tests' writers do, as an API client would: post a message and, when the failure is one the API
/// answers with a retriable 503, post it again (same externalMessageId) through the node <c>nodeFor(attempt)</c>
/// names, until it is acknowledged. Acknowledged messages, retriable failures and anything else are recorded.
/// </summary>
internal sealed class CrashClient
{
    public ConcurrentDictionary<string, Message> Acknowledged { get; } = new(StringComparer.Ordinal);

    public ConcurrentBag<string> Retriable { get; } = [];

    public ConcurrentBag<string> Unexpected { get; } = [];

    public async Task PostAsync(string key, string external, Func<int, IGrainFactory> nodeFor)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                var result = await nodeFor(attempt).GetGrain<IConversationGrain>(key)
                    .AddMessage(new NewMessage { Content = $"{external} says hi", Role = MessageRole.User, ExternalMessageId = external });
                Assert.True(result.Outcome is MessageOutcome.Created or MessageOutcome.Duplicate, $"{external}: {result.Outcome}");
                Acknowledged[external] = result.Message!;
                return;
            }
            catch (Exception ex) when (StorageFaults.IsUnavailable(ex) && attempt < 40)
            {
                Retriable.Add(ex.GetType().Name);
                await Task.Delay(100);
            }
            catch (Exception ex) when (ex is not Xunit.Sdk.XunitException)
            {
                Unexpected.Add($"{external}: {ex.GetType().Name}: {ex.Message}");
                return;
            }
        }
    }
}
