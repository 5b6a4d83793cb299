using Microsoft.Extensions.Logging;
using Npgsql;
using Orleans.Storage;

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
        catch (Exception ex) when (ex is not (StorageUnavailableException or StorageOutcomeUnknownException) && IsStorageFailure(ex))
        {
            ForgetPooledConnections(ex);
            context.TargetContext.Deactivate(new DeactivationReason(DeactivationReasonCode.ApplicationError, ex, "grain state write failed"));
            logger.LogWarning(ex, "Storage failed during {Grain}.{Method}; the activation is dropped", context.TargetId, context.MethodName);

            // A timeout after a write was sent is not "nothing changed": the write may still commit.
            throw StorageFailures.Classify(ex) == StorageFailureKind.OutcomeUnknown
                ? new StorageOutcomeUnknownException("Storage did not confirm in time; the change may or may not have been made.")
                : new StorageUnavailableException("Storage is unavailable; nothing was changed. Retry later.");
        }
    }

    /// <summary>
    /// After PostgreSQL restarts, every idle pooled connection is dead but looks alive until used, so each would
    /// fail one more request. The first failure drops them all (ours and the ADO.NET providers' pools).
    /// </summary>
    private void ForgetPooledConnections(Exception ex)
    {
        if (StorageFailures.Classify(ex) is StorageFailureKind.Unavailable or StorageFailureKind.OutcomeUnknown)
        {
            NpgsqlConnection.ClearAllPools();
            (services.GetService(typeof(NpgsqlDataSource)) as NpgsqlDataSource)?.Clear();
        }
    }

    private static bool IsStorageFailure(Exception? ex)
    {
        for (; ex is not null; ex = ex.InnerException)
        {
            if (ex is OrleansException or InconsistentStateException or System.Data.Common.DbException or TimeoutException)
            {
                return true;
            }
        }

        return false;
    }
}
