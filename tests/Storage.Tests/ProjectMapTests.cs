using System.Xml.Linq;
using Runtype.Testing;

namespace Runtype.Storage.Tests;

/// <summary>The project map of docs/architecture.md, held to: which project may reference which, and file sizes.</summary>
public sealed class ProjectMapTests
{
    private static readonly Dictionary<string, string[]> Allowed = new(StringComparer.Ordinal)
    {
        ["Grains.Abstractions"] = [],
        ["Grains"] = ["Grains.Abstractions"],
        ["Storage.Sql"] = ["Grains"],
        ["Hosting"] = ["Grains", "Storage.Sql"],
        ["Silo"] = ["Hosting"],
        ["Api"] = ["Grains.Abstractions", "Hosting"],
        ["Client"] = [],
    };

    [Fact]
    public void Every_project_references_only_what_the_map_allows()
    {
        var projects = Directory.GetFiles(RepositoryPaths.Of("src"), "*.csproj", SearchOption.AllDirectories);
        Assert.Equal(Allowed.Keys.Order(StringComparer.Ordinal), projects.Select(Path.GetFileNameWithoutExtension).Order(StringComparer.Ordinal));
        foreach (var project in projects)
        {
            var references = XDocument.Load(project).Descendants("ProjectReference")
                .Select(r => Path.GetFileNameWithoutExtension((string)r.Attribute("Include")!))
                .Order(StringComparer.Ordinal);
            Assert.Equal(Allowed[Path.GetFileNameWithoutExtension(project)], references);
        }
    }

    [Fact]
    public void No_source_file_is_longer_than_three_hundred_lines()
    {
        var tooLong = Directory.GetFiles(RepositoryPaths.Of("src"), "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Select(f => (File: Path.GetRelativePath(RepositoryPaths.Root, f), Lines: File.ReadLines(f).Count()))
            .Where(f => f.Lines > 300);
        Assert.Empty(tooLong);
    }
}
