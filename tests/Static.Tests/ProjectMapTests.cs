using System.Text.Json;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using Runtype.Testing;

namespace Runtype.Static.Tests;

/// <summary>
/// The project map of docs/architecture.md, held to: which project may reference which, namespaces that follow
/// folders, file sizes, a solution that holds every project, and a test tier for every test project.
/// </summary>
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

    private static readonly string[] ProjectFolders = ["src", "tests", "bench"];

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
    public void The_solution_holds_every_project()
    {
        var solution = File.ReadAllText(RepositoryPaths.Of("Runtype.Orleans.sln"));
        var listed = Regex.Matches(solution, "\"([^\"]+\\.csproj)\"").Select(m => m.Groups[1].Value.Replace('\\', '/')).Order(StringComparer.Ordinal);
        var present = ProjectFolders
            .SelectMany(d => Directory.GetFiles(RepositoryPaths.Of(d), "*.csproj", SearchOption.AllDirectories))
            .Select(p => Path.GetRelativePath(RepositoryPaths.Root, p).Replace('\\', '/'))
            .Order(StringComparer.Ordinal);
        Assert.Equal(present, listed);
    }

    /// <summary>
    /// Every test project is in one tier: the fast one (Runtype.Orleans.Fast.slnf, what <c>scripts/test.sh --fast</c>
    /// runs: no database, no process of ours) or the full suite only (a database, or processes and faults).
    /// </summary>
    [Fact]
    public void Every_test_project_is_in_the_fast_tier_or_named_as_full_suite_only()
    {
        string[] fullOnly = ["tests/Storage.Tests/Storage.Tests.csproj", "tests/System.Tests/System.Tests.csproj"];
        var filter = JsonDocument.Parse(File.ReadAllText(RepositoryPaths.Of("Runtype.Orleans.Fast.slnf"))).RootElement.GetProperty("solution");
        var fast = filter.GetProperty("projects").EnumerateArray().Select(p => p.GetString()!.Replace('\\', '/')).ToList();
        var testProjects = Directory.GetFiles(RepositoryPaths.Of("tests"), "*.csproj", SearchOption.AllDirectories)
            .Where(p => XDocument.Load(p).Descendants("IsTestProject").All(e => e.Value != "false"))
            .Select(p => Path.GetRelativePath(RepositoryPaths.Root, p).Replace('\\', '/'))
            .Order(StringComparer.Ordinal);

        Assert.Equal("Runtype.Orleans.sln", filter.GetProperty("path").GetString());
        Assert.Empty(fast.Intersect(fullOnly));
        Assert.Equal(testProjects, fast.Concat(fullOnly).Order(StringComparer.Ordinal));
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
