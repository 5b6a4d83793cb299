using Microsoft.Extensions.Logging;
using Npgsql;
using PicChat.Abstractions.Storage;

namespace PicChat.Grains.Hosting;

/// <summary>
/// A grain whose state write failed may hold changes that were never stored (or were stored without it
/// learning the new etag). Deactivating it makes the next call reload the truth from storage, so a failed,
/// unacknowledged write is never read back from memory, and a stale etag cannot block every later write. The
/// caller learns which failure it was: nothing changed, or (a timeout after the write was sent) maybe changed.
/// </summary>
internal sealed class ForgetStateOnStorageFailure(ILogger<ForgetStateOnStorageFailure> logger, IServiceProvider services) : IIncomingGrainCallFilter
{
    public async Task Invoke(IIncomingGrainCallContext context)
    {
        try
        {
            await context.Invoke();
        }
        // Whatever failed (this grain's state, its store, or a grain it called), the activation may now hold what
        // storage does not, so it is forgotten.
        catch (Exception ex) when (StorageFailures.Classify(ex) is not StorageFailureKind.None and var kind)
        {
            ForgetPooledConnections(kind);
            context.TargetContext.Deactivate(new DeactivationReason(DeactivationReasonCode.ApplicationError, ex, "grain state write failed"));
            logger.LogWarning(ex, "Storage failed during {Grain}.{Method}; the activation is dropped", context.TargetId, context.MethodName);

            // A timeout after a write was sent is not "nothing changed": the write may still commit.
            throw StorageFailures.ForCaller(kind);
        }
    }

    /// <summary>
    /// After PostgreSQL restarts, every idle pooled connection is dead but looks alive until used, so each would
    /// fail one more request. The first failure that says the server refused or dropped us clears them all (ours
    /// and the ADO.NET providers' pools). Not after a timeout: a frozen server is not cured by new connections,
    /// and closing connections to it can block, so it is done off the request's path, one clearing at a time.
    /// </summary>
    private void ForgetPooledConnections(StorageFailureKind kind)
    {
        if (kind != StorageFailureKind.Unavailable || Interlocked.Exchange(ref _clearing, 1) == 1)
        {
            return;
        }

        var dataSource = services.GetService(typeof(NpgsqlDataSource)) as NpgsqlDataSource;
        _ = Task.Run(() =>
        {
            try
            {
                NpgsqlConnection.ClearAllPools();
                dataSource?.Clear();
            }
            catch (Exception clearFailure)
            {
                logger.LogDebug(clearFailure, "Clearing the PostgreSQL connection pools failed");
            }
            finally
            {
                Volatile.Write(ref _clearing, 0);
            }
        });
    }

    private static int _clearing;
}
