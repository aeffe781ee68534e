namespace Runtype.Api.Tests.Model;

/// <summary>
/// What every sequential model keeps besides its own state: the first answer of each Idempotency-Key, and every
/// difference found between a real answer and the model's at the operation's place in the order being tried.
/// </summary>
internal abstract class ModelState
{
    /// <summary>What each Idempotency-Key answered first, by the operation that used it.</summary>
    public Dictionary<string, KeyRecord> Keys { get; } = new(StringComparer.Ordinal);

    public List<string> Mismatches { get; } = [];

    /// <summary>What an answer took for granted about later operations, checked once all are applied (<see cref="Settled"/>).</summary>
    public List<(string Claim, Func<bool> Holds)> Claims { get; } = [];

    /// <summary>No mismatch, and every claim holds now that every operation is applied.</summary>
    public bool Settled()
    {
        foreach (var (claim, holds) in Claims.Where(c => !c.Holds()))
        {
            Mismatches.Add($"never came true: {claim}");
        }

        Claims.Clear();
        return Mismatches.Count == 0;
    }

    /// <summary>Notes a difference between the real answer and the model's, unless they agree.</summary>
    public void Expect(string operation, string expected, string actual)
    {
        if (!string.Equals(expected, actual, StringComparison.Ordinal))
        {
            Mismatches.Add($"{operation}: expected '{expected}', got '{actual}'");
        }
    }

    protected string MismatchText => Mismatches.Count > 0 ? $" MISMATCHES: {string.Join(" | ", Mismatches)}" : "";
}
