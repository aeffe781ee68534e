using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace Runtype.Api.Tests;

/// <summary>Small helpers that keep HTTP tests about the rule, not the plumbing.</summary>
public static class ApiClientExtensions
{
    public const string Conversations = "/v1/messaging/conversations";

    public static Task<HttpResponseMessage> PostJsonAsync(this HttpClient client, string path, string json, Action<HttpRequestMessage>? configure = null) =>
        client.SendJsonAsync(HttpMethod.Post, path, json, configure);

    public static Task<HttpResponseMessage> PutJsonAsync(this HttpClient client, string path, string json, Action<HttpRequestMessage>? configure = null) =>
        client.SendJsonAsync(HttpMethod.Put, path, json, configure);

    public static async Task<HttpResponseMessage> SendJsonAsync(this HttpClient client, HttpMethod method, string path, string json, Action<HttpRequestMessage>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        using var request = new HttpRequestMessage(method, path) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        configure?.Invoke(request);
        return await client.SendAsync(request);
    }

    /// <summary>Creates a conversation and returns its JSON; fails the test on anything but 201.</summary>
    public static async Task<JsonElement> CreateConversationAsync(this HttpClient client, string json = """{"surfaceId":"email"}""")
    {
        using var response = await client.PostJsonAsync(Conversations, json);
        return await response.ExpectJsonAsync(System.Net.HttpStatusCode.Created);
    }

    public static async Task<JsonElement> CreateMessageAsync(this HttpClient client, string conversationId, string json = """{"content":"hello","role":"user"}""")
    {
        using var response = await client.PostJsonAsync($"{Conversations}/{conversationId}/messages", json);
        return await response.ExpectJsonAsync(System.Net.HttpStatusCode.Created);
    }

    /// <summary>Registers (or renames) a surface and returns its JSON; fails the test on anything but 200.</summary>
    public static async Task<JsonElement> PutSurfaceAsync(this HttpClient client, string id, string name, string type)
    {
        using var response = await client.PutJsonAsync($"/v1/messaging/surfaces/{id}", JsonSerializer.Serialize(new { name, type }));
        return await response.ExpectJsonAsync(System.Net.HttpStatusCode.OK);
    }

    public static async Task<JsonElement> ExpectJsonAsync(this HttpResponseMessage response, System.Net.HttpStatusCode status)
    {
        ArgumentNullException.ThrowIfNull(response);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"Expected {(int)status}, got {(int)response.StatusCode}: {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    /// <summary>Asserts a problem+json response with <paramref name="status"/> and returns its body.</summary>
    public static async Task<JsonElement> ExpectProblemAsync(this HttpResponseMessage response, System.Net.HttpStatusCode status)
    {
        var problem = await response.ExpectJsonAsync(status);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal((int)status, problem.GetProperty("status").GetInt32());
        Assert.True(problem.TryGetProperty("title", out _));
        Assert.True(problem.TryGetProperty("traceId", out _));
        return problem;
    }

    /// <summary>Asserts a 400 naming exactly <paramref name="fields"/> in <c>errors</c>.</summary>
    public static async Task<JsonElement> ExpectValidationErrorsAsync(this HttpResponseMessage response, params string[] fields)
    {
        var problem = await response.ExpectProblemAsync(System.Net.HttpStatusCode.BadRequest);
        var named = problem.GetProperty("errors").EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(fields.Order(StringComparer.Ordinal).ToArray(), named);
        return problem;
    }

    public static string Id(this JsonElement element) => element.GetProperty("id").GetString()!;

    public static Task<JsonElement> ReadJsonAsync(this HttpClient client, string path) =>
        client.GetFromJsonAsync<JsonElement>(path);
}
