using System.Diagnostics;
using Runtype.Grains.Telemetry;

namespace Runtype.Storage.Sql;

/// <summary>
/// Times the database's writes of messages (<see cref="RuntypeMetrics.CommitDuration"/>): the statement, or the
/// transaction, with its commit; not the wait for a connection or for a group to form, which the grain's append
/// duration holds. A write that fails is not timed: the store's errors count it.
/// </summary>
internal static class CommitTimer
{
    public static async Task<T> TimeAsync<T>(Func<Task<T>> write)
    {
        var started = Stopwatch.GetTimestamp();
        var result = await write();
        RuntypeMetrics.CommitDuration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds);
        return result;
    }
}
