using System.Data.Common;
using System.Net.Sockets;
using System.Text;
using PicChat.Abstractions.Storage;

namespace PicChat.Grains.Hosting;

/// <summary>
/// Where PicChat's code meets the database driver (its own stores and Orleans' grain storage), the driver's
/// exceptions become PicChat's storage exceptions, the driver's exception kept as the cause for the silo's log.
/// Everything above (grains, the call filter, the API) then sees one vocabulary, classified once by
/// <see cref="StorageFailures.Classify"/>; no driver type ever crosses the wire to a client.
/// </summary>
internal static class StoreBoundary
{
    /// <summary>A read changes nothing, so whatever stopped it (a timeout included), nothing changed.</summary>
    public static async Task<T> ReadAsync<T>(Func<Task<T>> read)
    {
        try
        {
            return await read();
        }
        catch (Exception ex) when (IsDriverFailure(ex))
        {
            throw new StorageUnavailableException("Storage is unavailable; nothing was read.", ex);
        }
    }

    public static async Task<T> WriteAsync<T>(Func<Task<T>> write)
    {
        try
        {
            return await write();
        }
        catch (Exception ex) when (IsDriverFailure(ex))
        {
            throw ForWrite(ex);
        }
    }

    public static Task WriteAsync(Func<Task> write) => WriteAsync(async () =>
    {
        await write();
        return true;
    });

    private static Exception ForWrite(Exception ex) => ex is EncoderFallbackException or InvalidCastException
        // The driver refuses some values before sending them (text it cannot encode).
        ? new StorageRejectedException("Storage refused this data.", ex)
        : StorageFailures.Classify(ex) switch
        {
            StorageFailureKind.Rejected => new StorageRejectedException("Storage refused this data.", ex),
            StorageFailureKind.Unavailable => new StorageUnavailableException("Storage is unavailable; nothing was changed.", ex),
            _ => new StorageOutcomeUnknownException("Storage did not confirm; the change may or may not have been made.", ex),
        };

    /// <summary>What the driver throws itself; a store's own exceptions (a conflict it reports, say) pass unchanged.</summary>
    private static bool IsDriverFailure(Exception ex) =>
        ex is DbException or TimeoutException or IOException or SocketException or EncoderFallbackException or InvalidCastException;
}
