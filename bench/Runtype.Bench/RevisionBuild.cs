using System.Diagnostics;

namespace Runtype.Bench;

/// <summary>
/// The API as built from an earlier git revision of this repository, for before/after figures: the revision's
/// files are exported with <c>git archive</c> into a temporary folder (no worktree to register or forget) and
/// its src/Api built in Release there. Disposing deletes the folder.
/// </summary>
public sealed class RevisionBuild : IDisposable
{
    private readonly string _root;

    private RevisionBuild(string root, string folder) => (_root, Folder) = (root, folder);

    /// <summary>The folder holding the revision's Runtype.Api.dll, for <c>ApiProcess.StartAsync(folder: ...)</c>.</summary>
    public string Folder { get; }

    public static async Task<RevisionBuild> CreateAsync(string revision)
    {
        var root = Path.Combine(Path.GetTempPath(), $"runtype-rev-{revision}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(root);
        try
        {
            // bench/run.sh runs from the repository's root; git finds the repository from there.
            await RunAsync("bash", "-c", "set -euo pipefail; git archive --format=tar \"$1\" | tar -x -C \"$2\"", "archive", revision, root);
            await RunAsync("dotnet", "build", Path.Combine(root, "src", "Api"), "--configuration", "Release", "-nodeReuse:false");
            var api = Directory.GetFiles(Path.Combine(root, "src", "Api", "bin", "Release"), "Runtype.Api.dll", SearchOption.AllDirectories).Single();
            return new RevisionBuild(root, Path.GetDirectoryName(api)!);
        }
        catch
        {
            Directory.Delete(root, recursive: true);
            throw;
        }
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private static async Task RunAsync(string file, params string[] arguments)
    {
        var info = new ProcessStartInfo(file) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"'{file} {string.Join(' ', arguments)}' exited with {process.ExitCode}:\n{await output}\n{await error}");
        }
    }
}
