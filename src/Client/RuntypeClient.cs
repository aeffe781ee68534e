namespace Runtype.Client;

/// <summary>
/// The API over one <see cref="HttpClient"/> (from <see cref="IHttpClientFactory"/> when registered with
/// <c>AddRuntypeClient</c>). Split by resource into partial files.
/// </summary>
public sealed partial class RuntypeClient(HttpClient http)
{
    /// <summary>The client's <see cref="HttpClient"/> (base address and authorization already set).</summary>
    internal HttpClient Http { get; } = http ?? throw new ArgumentNullException(nameof(http));
}
