using System.Globalization;

namespace Runtype.Bench;

/// <summary>One figure measured over several rounds, reported as median (min-max).</summary>
public sealed record Measurement(string Name, string Unit, IReadOnlyList<double> Rounds)
{
    public double Median
    {
        get
        {
            var sorted = Rounds.Order().ToList();
            return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
        }
    }

    public string Format() => string.Create(CultureInfo.InvariantCulture, $"{Median:0.###} {Unit} ({Rounds.Min():0.###}-{Rounds.Max():0.###})");

    /// <summary>The median of <paramref name="samples"/>.</summary>
    public static double MedianOf(IEnumerable<double> samples) => new Measurement("", "", [.. samples]).Median;
}
