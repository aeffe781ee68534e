using Runtype.Testing;
using YamlDotNet.Core;
using YamlDotNet.Serialization;

namespace Runtype.Static.Tests;

/// <summary>docker-compose.yml and the YAML files it mounts, read as Compose reads them, for the structure tests.</summary>
internal static class ComposeFile
{
    public static Dictionary<string, Dictionary<object, object>> Services { get; } = LoadServices();

    /// <summary>A YAML file of the repository as nested dictionaries and lists, merge keys ("&lt;&lt;: *anchor") applied.</summary>
    public static Dictionary<object, object> Load(params string[] path)
    {
        using var reader = new StreamReader(RepositoryPaths.Of(path));
        return new DeserializerBuilder().Build().Deserialize<Dictionary<object, object>>(new MergingParser(new Parser(reader)));
    }

    /// <summary>A service's Dockerfile from the repository's root: Compose reads it relative to the build context.</summary>
    public static string Dockerfile(Dictionary<object, object> service)
    {
        var build = Map(service, "build");
        return Path.Combine((string)build["context"], build.TryGetValue("dockerfile", out var file) ? (string)file : "Dockerfile");
    }

    public static Dictionary<object, object> Map(Dictionary<object, object> parent, string key) =>
        Assert.IsType<Dictionary<object, object>>(parent[key]);

    public static IEnumerable<string> Strings(Dictionary<object, object> parent, string key) =>
        Assert.IsType<List<object>>(parent[key]).Cast<string>();

    /// <summary>A service's environment (empty when it sets none).</summary>
    public static Dictionary<object, object> Environment(string service) =>
        Services[service].TryGetValue("environment", out var environment) ? (Dictionary<object, object>)environment : [];

    private static Dictionary<string, Dictionary<object, object>> LoadServices() =>
        ((Dictionary<object, object>)Load("docker-compose.yml")["services"])
            .ToDictionary(s => (string)s.Key, s => (Dictionary<object, object>)s.Value, StringComparer.Ordinal);
}
