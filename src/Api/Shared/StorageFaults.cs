using System.Data.Common;
using System.Net.Sockets;
using Runtype.Grains;

namespace Runtype.Api.Shared;

/// <summary>
/// Recognises failures that mean "the store or the cluster is unreachable right now" wherever they surface:
/// our own <see cref="StorageUnavailableException"/>, a database error from Orleans' ADO.NET grain storage
/// (surfaces, idempotency records: Orleans does not classify them, so they count as transient), or Orleans
/// itself unable to reach a silo in time. Our store's permanent errors arrive as <see cref="StorageFaultException"/>.
/// </summary>
public static class StorageFaults
{
    public const int RetryAfterSeconds = 2;

    // What a silo's failure looks like once it crossed to an API running as a cluster client: an exception type the
    // client cannot deserialize (a database driver's, a timeout policy's) arrives as a codec failure or a fallback
    // naming it, and a gateway that died as a failed connection.
    private static readonly string[] TransientTypeNames =
        ["Npgsql", "Microsoft.Data.SqlClient", "DbException", "TimeoutRejectedException", "SocketException", "TimeoutException", "StorageUnavailableException"];

    public static bool IsUnavailable(Exception? exception) =>
        Find<Exception>(exception, e => e is StorageUnavailableException or DbException or TimeoutException or SocketException
            or SiloUnavailableException or OrleansMessageRejectionException || IsTransientFromAnotherProcess(e)) is not null;

    /// <summary>A failure of a silo or a gateway that reached this process in a form of its own (see <see cref="TransientTypeNames"/>).</summary>
    private static bool IsTransientFromAnotherProcess(Exception e) => e.GetType().Name switch
    {
        "ConnectionFailedException" or "TimeoutRejectedException" => true,
        "CodecNotFoundException" or "UnavailableExceptionFallbackException" =>
            TransientTypeNames.Any(name => e.Message.Contains(name, StringComparison.Ordinal) || e.ToString().Contains(name, StringComparison.Ordinal)),
        _ => false,
    };

    /// <summary>
    /// Whether a write may have been applied although it failed: the store lost the link after sending it, or the
    /// grain call timed out while the grain may still be running it. Reads (GET) have no outcome to speak of.
    /// </summary>
    public static bool IsOutcomeUnknown(Exception? exception, string method) =>
        !HttpMethods.IsGet(method) && !HttpMethods.IsHead(method)
        && Find<Exception>(exception, e => e is StorageUnavailableException { OutcomeUnknown: true } or TimeoutException || IsTransientFromAnotherProcess(e)) is not null;

    public static T? Find<T>(Exception? exception, Func<T, bool>? predicate = null)
        where T : Exception
    {
        for (var current = exception; current is not null; current = current.InnerException)
        {
            if (current is T match && (predicate is null || predicate(match)))
            {
                return match;
            }

            if (current is AggregateException aggregate)
            {
                foreach (var inner in aggregate.InnerExceptions)
                {
                    if (Find(inner, predicate) is { } found)
                    {
                        return found;
                    }
                }
            }
        }

        return null;
    }
}
