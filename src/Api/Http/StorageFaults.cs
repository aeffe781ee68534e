using System.Data.Common;
using System.Net.Sockets;
using Runtype.Grains;

namespace Runtype.Api.Http;

/// <summary>
/// Recognises failures that mean "the store or the cluster is unreachable right now" wherever they surface:
/// our own <see cref="StorageUnavailableException"/>, a database error from Orleans' ADO.NET grain storage,
/// or Orleans itself unable to reach a silo in time.
/// </summary>
public static class StorageFaults
{
    public const int RetryAfterSeconds = 2;

    public static bool IsUnavailable(Exception? exception)
    {
        for (var current = exception; current is not null; current = current.InnerException)
        {
            if (current is StorageUnavailableException or DbException or TimeoutException or SocketException
                or SiloUnavailableException or OrleansMessageRejectionException)
            {
                return true;
            }

            if (current is AggregateException aggregate && aggregate.InnerExceptions.Any(IsUnavailable))
            {
                return true;
            }
        }

        return false;
    }
}
