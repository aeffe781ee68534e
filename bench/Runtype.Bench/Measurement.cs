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

    /// <summary>The nearest-rank <paramref name="quantile"/> (0.99 for p99) of <paramref name="samples"/>; NaN if there are none.</summary>
    public static double PercentileOf(IEnumerable<double> samples, double quantile)
    {
        var sorted = samples.Order().ToList();
        return sorted.Count == 0 ? double.NaN : sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(quantile * sorted.Count) - 1)];
    }

    /// <summary>The median of <paramref name="samples"/>.</summary>
    public static double MedianOf(IEnumerable<double> samples) => new Measurement("", "", [.. samples]).Median;
}
