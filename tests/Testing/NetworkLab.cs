using System.Diagnostics;
using System.Globalization;

namespace Runtype.Testing;

/// <summary>
/// Linux network namespaces for partition tests: <c>n</c> namespaces, each joined to every other by its own veth pair and
/// to this (the root) namespace by one more, with addresses on a private /24 this lab reserves (a blackhole route for
/// the /24 in the root namespace, added first: if another run holds it, another /24 is taken, and nothing addressed to
/// the /24 can leave by the default route). Namespace <c>i</c> has:
/// <list type="bullet">
/// <item><see cref="Address"/>(i): its own address (on its loopback), the one its silo advertises;</item>
/// <item><see cref="HostAddress"/>(i): the root namespace's end of its root link, where a proxy to the database listens.</item>
/// </list>
/// and every namespace reaches <see cref="SharedHostAddress"/>, an address of the root namespace (over its own root
/// link), where proxies to servers all silos share listen (the test mail servers: one host in an email surface's
/// settings serves every silo). Nothing else is routed: the namespaces have no default route, so their traffic stays
/// inside this lab. Needs root and iproute2 (<see cref="Unavailable"/> says why not, when not).
/// </summary>
public sealed class NetworkLab : IAsyncDisposable
{
    private const string Prefix = "rth";
    private readonly string _tag;
    private readonly string _subnet;
    private readonly int _count;

    private NetworkLab(string tag, string subnet, int count)
    {
        _tag = tag;
        _subnet = subnet;
        _count = count;
    }

    /// <summary>Why namespaces cannot be made here (no iproute2, not root, no permission), or null when they can.</summary>
    public static string? Unavailable { get; } = Probe();

    public string Namespace(int i) => $"{Prefix}-{Environment.ProcessId}-{_tag}-{i}";

    public string Address(int i) => $"{_subnet}.{10 + i}";

    public string HostAddress(int i) => $"{_subnet}.{100 + i}";

    /// <summary>An address of the root namespace that every namespace reaches, each over its own root link.</summary>
    public string SharedHostAddress => $"{_subnet}.200";

    /// <summary>Creates <paramref name="count"/> (at most 9) namespaces, fully meshed, each linked to the root namespace.</summary>
    public static async Task<NetworkLab> CreateAsync(int count)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, 9);
        await RemoveStaleAsync();
        var tag = Convert.ToHexStringLower(BitConverter.GetBytes(Random.Shared.Next()))[..4];
        string? subnet = null;
        for (var tries = 0; tries < 20 && subnet is null; tries++)
        {
            var candidate = $"10.213.{Random.Shared.Next(0, 256)}";
            var routes = await IpAsync(false, "-4", "route", "show");
            var addresses = await IpAsync(false, "-4", "addr", "show");
            if (!(routes + addresses).Contains(candidate + ".", StringComparison.Ordinal)
                && (await RunAsync("ip", "route", "add", "blackhole", candidate + ".0/24")).ExitCode == 0)
            {
                subnet = candidate;
            }
        }

        var lab = new NetworkLab(tag, subnet ?? throw new InvalidOperationException("No free private /24 under 10.213.0.0/16 for the network lab."), count);
        try
        {
            await lab.BuildAsync();
        }
        catch
        {
            await lab.DisposeAsync();
            throw;
        }

        return lab;
    }

    /// <summary>Takes the link between namespaces <paramref name="i"/> and <paramref name="j"/> down (both ends): they cannot reach each other.</summary>
    public async Task CutAsync(int i, int j)
    {
        await IpAsync(true, "-n", Namespace(i), "link", "set", Pair(j), "down");
        await IpAsync(true, "-n", Namespace(j), "link", "set", Pair(i), "down");
    }

    /// <summary>Brings the link back up and restores its routes (taking a link down drops the routes through it).</summary>
    public async Task HealAsync(int i, int j)
    {
        foreach (var (a, b) in new[] { (i, j), (j, i) })
        {
            await IpAsync(true, "-n", Namespace(a), "link", "set", Pair(b), "up");
            await IpAsync(true, "-n", Namespace(a), "route", "replace", Address(b) + "/32", "dev", Pair(b), "src", Address(a));
        }
    }

    public async ValueTask DisposeAsync()
    {
        for (var i = 0; i < _count; i++)
        {
            // Deleting a namespace deletes its ends of the veth pairs, and with them the other ends.
            await IpAsync(false, "netns", "del", Namespace(i));
        }

        await IpAsync(false, "route", "del", "blackhole", _subnet + ".0/24");
    }

    private static string Pair(int other) => "p" + other.ToString(CultureInfo.InvariantCulture);

    private string RootLink(int i) => $"{Prefix}{_tag}r{i}";

    private async Task BuildAsync()
    {
        for (var i = 0; i < _count; i++)
        {
            var ns = Namespace(i);
            await IpAsync(true, "netns", "add", ns);
            await IpAsync(true, "-n", ns, "link", "set", "lo", "up");
            await IpAsync(true, "-n", ns, "addr", "add", Address(i) + "/32", "dev", "lo");

            // The root link: the root namespace reaches the silo's address through it, the silo reaches HostAddress(i).
            await IpAsync(true, "link", "add", RootLink(i), "type", "veth", "peer", "name", "up0", "netns", ns);
            await IpAsync(true, "addr", "add", HostAddress(i) + "/32", "dev", RootLink(i));
            await IpAsync(true, "link", "set", RootLink(i), "up");
            await IpAsync(true, "-n", ns, "link", "set", "up0", "up");
            await IpAsync(true, "route", "add", Address(i) + "/32", "dev", RootLink(i), "src", HostAddress(i));
            await IpAsync(true, "-n", ns, "route", "add", HostAddress(i) + "/32", "dev", "up0", "src", Address(i));
            await IpAsync(true, "-n", ns, "route", "add", SharedHostAddress + "/32", "dev", "up0", "src", Address(i));
        }

        // On the first root link (deleted with it): the root namespace takes it as its own whichever link it comes over.
        await IpAsync(true, "addr", "add", SharedHostAddress + "/32", "dev", RootLink(0));

        for (var i = 0; i < _count; i++)
        {
            for (var j = i + 1; j < _count; j++)
            {
                await IpAsync(true, "link", "add", "name", Pair(j), "netns", Namespace(i), "type", "veth", "peer", "name", Pair(i), "netns", Namespace(j));
                await HealAsync(i, j);
            }
        }
    }

    /// <summary>Namespaces an earlier run of this lab left behind when its process died: their owner's process id is gone.</summary>
    private static async Task RemoveStaleAsync()
    {
        var list = await IpAsync(false, "netns", "list");
        foreach (var name in list.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split(' ')[0]))
        {
            var parts = name.Split('-');
            if (parts.Length == 4 && parts[0] == Prefix && int.TryParse(parts[1], CultureInfo.InvariantCulture, out var pid) && !Directory.Exists($"/proc/{pid}"))
            {
                await IpAsync(false, "netns", "del", name);
            }
        }
    }

    private static string? Probe()
    {
        try
        {
            var name = $"{Prefix}-probe-{Environment.ProcessId}";
            var added = RunAsync("ip", "netns", "add", name).GetAwaiter().GetResult();
            if (added.ExitCode != 0)
            {
                return $"'ip netns add' failed ({added.Stderr.Trim()}): network namespaces need root and iproute2.";
            }

            RunAsync("ip", "netns", "del", name).GetAwaiter().GetResult();
            return null;
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            return $"iproute2's 'ip' could not be run ({ex.Message}); install it (Debian: apt-get install iproute2).";
        }
    }

    private static async Task<string> IpAsync(bool check, params string[] arguments)
    {
        var run = await RunAsync("ip", arguments);
        if (check && run.ExitCode != 0)
        {
            throw new InvalidOperationException($"ip {string.Join(' ', arguments)} failed: {run.Stderr.Trim()}");
        }

        return run.Stdout;
    }

    private static Task<ProcessRun.Result> RunAsync(string program, params string[] arguments) =>
        ProcessRun.RunAsync(new ProcessStartInfo(program, arguments), TimeSpan.FromSeconds(30));
}
