using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Runtype.Grains.Search;
using Runtype.Grains.Storage;

namespace Runtype.Api.Tests;

/// <summary>
/// Where the store cannot search (SQL Server without Full-Text Search, docs/search.md), the search endpoint answers
/// 501 problem+json whose detail says what to install, and every other endpoint works as before. No SQL Server runs
/// here, so the memory store stands in, behind a search that answers as SQL Server's store does then.
/// </summary>
public sealed class SearchUnavailableTests(SearchUnavailableTests.Factory factory) : IClassFixture<SearchUnavailableTests.Factory>
{
    private const string Search = "/v1/messaging/search/messages";

    [Fact]
    public async Task Search_answers_501_naming_what_to_install_and_no_other_endpoint_is_affected()
    {
        using var client = factory.ClientFor();
        var conversation = await client.CreateConversationAsync();
        var id = conversation.Id();
        var message = await client.CreateMessageAsync(id, """{"content":"please refund my order","role":"user"}""");

        using var search = await client.GetAsync($"{Search}?q=refund");
        var problem = await search.ExpectProblemAsync(HttpStatusCode.NotImplemented);

        Assert.Equal(Factory.Why, problem.GetProperty("detail").GetString());
        Assert.Contains("mssql-server-fts", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(1, factory.Searches);
        Assert.Equal(message.Id(), (await client.ReadJsonAsync($"{ApiClientExtensions.Conversations}/{id}/messages/{message.Id()}")).Id());
        Assert.Single((await client.ReadJsonAsync($"{ApiClientExtensions.Conversations}/{id}/messages")).GetProperty("data").EnumerateArray());
        Assert.Contains(
            (await client.ReadJsonAsync($"{ApiClientExtensions.Conversations}?limit=100")).GetProperty("data").EnumerateArray(),
            c => c.Id() == id);
        using var redaction = await client.DeleteAsync($"{ApiClientExtensions.Conversations}/{id}/messages/{message.Id()}");
        Assert.Equal(HttpStatusCode.OK, redaction.StatusCode);
        using var delete = await client.DeleteAsync($"{ApiClientExtensions.Conversations}/{id}");
        Assert.True(delete.IsSuccessStatusCode, $"delete answered {(int)delete.StatusCode}");
    }

    /// <summary>The request is read first: a bad query is still the caller's to fix, whatever the store can do.</summary>
    [Fact]
    public async Task A_bad_query_is_still_a_400_naming_it()
    {
        using var client = factory.ClientFor();
        using var response = await client.GetAsync($"{Search}?q=-refund");

        await response.ExpectValidationErrorsAsync("q");
    }

    /// <summary>The API on the memory store, its search answering as SQL Server's store does without Full-Text Search.</summary>
    public sealed class Factory : ApiFactory
    {
        public const string Why = "SQL Server Full-Text Search is not installed: install the Full-Text Search feature "
            + "(on Linux the mssql-server-fts package) and restart; every other endpoint works without it.";

        private int _searches;

        /// <summary>How many searches reached the store.</summary>
        public int Searches => _searches;

        protected override string StorageProvider => "memory";

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureTestServices(services => services.RemoveAll<IMessageSearch>().AddSingleton<IMessageSearch>(new CannotSearch(this)));
        }

        private sealed class CannotSearch(Factory factory) : IMessageSearch
        {
            public Task<SearchMatches> SearchAsync(string owner, MessageSearchQuery query)
            {
                Interlocked.Increment(ref factory._searches);
                return Task.FromResult(SearchMatches.Cannot(Why));
            }
        }
    }
}
