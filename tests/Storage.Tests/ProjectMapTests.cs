using System.Text.RegularExpressions;
using System.Xml.Linq;
using Runtype.Testing;

namespace Runtype.Storage.Tests;

/// <summary>The project map of docs/architecture.md, held to: which project may reference which, namespaces that follow folders, and file sizes.</summary>
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
    public void Every_source_file_declares_the_namespace_of_its_folder()
    {
        var misplaced = new List<string>();
        foreach (var project in Directory.GetFiles(RepositoryPaths.Of("src"), "*.csproj", SearchOption.AllDirectories))
        {
            var folder = Path.GetDirectoryName(project)!;
            var root = XDocument.Load(project).Descendants("RootNamespace").Single().Value;
            foreach (var file in SourceFiles(folder))
            {
                var declared = Regex.Match(File.ReadAllText(file), @"^namespace ([\w.]+);", RegexOptions.Multiline);
                var folders = Path.GetRelativePath(folder, Path.GetDirectoryName(file)!).Split(Path.DirectorySeparatorChar).Where(f => f != ".");
                var expected = string.Join('.', [root, .. folders]);

                // A file without a namespace is a top-level program.
                if (declared.Success && declared.Groups[1].Value != expected)
                {
                    misplaced.Add($"{Path.GetRelativePath(RepositoryPaths.Root, file)}: {declared.Groups[1].Value}, folder says {expected}");
                }
            }
        }

        Assert.Empty(misplaced);
    }

    [Fact]
    public void No_source_file_is_longer_than_three_hundred_lines()
    {
        var tooLong = SourceFiles(RepositoryPaths.Of("src"))
            .Select(f => (File: Path.GetRelativePath(RepositoryPaths.Root, f), Lines: File.ReadLines(f).Count()))
            .Where(f => f.Lines > 300);
        Assert.Empty(tooLong);
    }

    private static IEnumerable<string> SourceFiles(string folder) =>
        Directory.GetFiles(folder, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal));
}
