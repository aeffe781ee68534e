using System.Globalization;
using Runtype.Grains.Wire;

namespace Runtype.Api.Tests;

public sealed class TimestampsTests
{
    [Fact]
    public void Every_instant_is_written_as_rfc3339_with_milliseconds_exactly_as_the_format_string_would()
    {
        var random = new Random(20261125);
        var instants = new List<DateTime>
        {
            DateTime.MinValue, DateTime.MaxValue, new(999, 1, 2, 3, 4, 5, 6, DateTimeKind.Utc), new(2024, 2, 29, 23, 59, 59, 999, DateTimeKind.Utc),
        };
        instants.AddRange(Enumerable.Range(0, 10_000).Select(_ => new DateTime(random.NextInt64(DateTime.MaxValue.Ticks), DateTimeKind.Utc)));

        foreach (var instant in instants)
        {
            Assert.Equal(instant.ToString("yyyy'-'MM'-'dd'T'HH':'mm':'ss'.'fff'Z'", CultureInfo.InvariantCulture), Timestamps.Format(instant));
        }
    }
}
