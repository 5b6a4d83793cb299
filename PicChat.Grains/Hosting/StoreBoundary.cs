using System.Data.Common;
using System.Net.Sockets;
using System.Text;
using Microsoft.Extensions.Logging;
using PicChat.Abstractions.Storage;

namespace PicChat.Grains.Hosting;

/// <summary>
/// Where PicChat's code meets the database driver (its own stores and Orleans' grain storage), the driver's
/// exceptions become PicChat's storage exceptions. Everything above (grains, the call filter, the API) sees one
/// vocabulary, classified once by <see cref="StorageFailures.Classify"/>. The driver's exception is logged here
/// and goes no further: a grain that fails to activate sends its exception to the caller as it is, and Orleans
/// cannot serialize the driver's types (nor should a client see their host names and SQL).
/// </summary>
internal static class StoreBoundary
{
    /// <summary>A read changes nothing, so whatever stopped it (a timeout included), nothing changed.</summary>
    public static async Task<T> ReadAsync<T>(Func<Task<T>> read, ILogger? logger = null)
    {
        try
        {
            return await read();
        }
        catch (Exception ex) when (IsDriverFailure(ex))
        {
            logger?.LogWarning(ex, "A storage read failed");
            throw new StorageUnavailableException("Storage is unavailable; nothing was read.");
        }
    }

    public static async Task<T> WriteAsync<T>(Func<Task<T>> write, ILogger? logger = null)
    {
        try
        {
            return await write();
        }
        catch (Exception ex) when (IsDriverFailure(ex))
        {
            var translated = ForWrite(ex);
            logger?.LogWarning(ex, "A storage write failed: {Kind}", StorageFailures.Classify(translated));
            throw translated;
        }
    }

    public static Task WriteAsync(Func<Task> write, ILogger? logger = null) => WriteAsync(async () =>
    {
        await write();
        return true;
    }, logger);

    private static Exception ForWrite(Exception ex) => ex is EncoderFallbackException or InvalidCastException
        // The driver refuses some values before sending them (text it cannot encode).
        ? new StorageRejectedException("Storage refused this data.")
        : StorageFailures.Classify(ex) switch
        {
            StorageFailureKind.Rejected => new StorageRejectedException("Storage refused this data."),
            StorageFailureKind.Unavailable => new StorageUnavailableException("Storage is unavailable; nothing was changed."),
            _ => new StorageOutcomeUnknownException("Storage did not confirm; the change may or may not have been made."),
        };

    /// <summary>What the driver throws itself; a store's own exceptions (a conflict it reports, say) pass unchanged.</summary>
    private static bool IsDriverFailure(Exception ex) =>
        ex is DbException or TimeoutException or IOException or SocketException or EncoderFallbackException or InvalidCastException;
}
