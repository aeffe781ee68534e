using Orleans.Serialization;
using Runtype.Api.Shared;

namespace Runtype.Api.Tests;

/// <summary>
/// An API running as a cluster client sees a silo's database or timeout failure in a form of its own (an exception type
/// it cannot deserialize arrives as a codec failure naming it): that is still "unavailable" (503, retry), not a 500.
/// The fault histories (FaultHistoryTests) found 500s for exactly these during a database cut and a partition.
/// </summary>
public sealed class StorageFaultsTests
{
    [Theory]
    [InlineData("Could not find a codec for type Npgsql.NpgsqlException.")]
    [InlineData("Could not find a codec for type Npgsql.PostgresException.")]
    [InlineData("Could not find a codec for type Microsoft.Data.SqlClient.SqlException.")]
    [InlineData("Could not find a codec for type Polly.Timeout.TimeoutRejectedException.")]
    public void A_silos_transient_failure_that_arrives_as_a_codec_failure_is_unavailable_and_of_unknown_outcome(string message)
    {
        var exception = new InvalidOperationException("grain call failed", new CodecNotFoundException(message));

        Assert.True(StorageFaults.IsUnavailable(exception));
        Assert.True(StorageFaults.IsOutcomeUnknown(exception, "POST"));
        Assert.False(StorageFaults.IsOutcomeUnknown(exception, "GET"));
    }

    [Fact]
    public void A_codec_failure_for_any_other_type_is_a_defect_not_an_outage() =>
        Assert.False(StorageFaults.IsUnavailable(new CodecNotFoundException("Could not find a codec for type Runtype.Grains.SomethingNew.")));
}
