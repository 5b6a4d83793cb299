using System.Data.Common;
using System.Net.Sockets;
using Orleans.Runtime.Messaging;
using Orleans.Storage;

namespace PicChat.Abstractions.Storage;

/// <summary>
/// The one reading of a failure as a <see cref="StorageFailureKind"/>, for the grains (what to tell a sender,
/// when to forget an activation) and for the API (which contract error to answer). It goes by exception types
/// and standard SQLSTATE classes only, never by message text, and knows no driver: the stores turn the
/// driver's exceptions into PicChat's own at their boundary, and anything that slips past is read through
/// <see cref="DbException"/>, which every ADO.NET driver's exceptions derive from.
/// </summary>
public static class StorageFailures
{
    /// <summary>Walks the whole chain: Orleans wraps storage errors and remote failures, so the cause may be deep.</summary>
    public static StorageFailureKind Classify(Exception? ex)
    {
        var orleans = false;
        for (var depth = 0; ex is not null && depth < 16; depth++, ex = ex.InnerException)
        {
            switch (ex)
            {
                case StorageRejectedException:
                    return StorageFailureKind.Rejected;
                case StorageUnavailableException:
                    return StorageFailureKind.Unavailable;
                case StorageOutcomeUnknownException:
                    return StorageFailureKind.OutcomeUnknown;
                case DbException db:
                    return Classify(db);
                // A timeout, wherever it comes from (a grain call past its response timeout, a statement past its
                // command timeout), came after the work was sent, and the work may still be done: never "nothing
                // changed". A caller that knows it only read turns this into "unavailable" itself.
                case TimeoutException:
                    return StorageFailureKind.OutcomeUnknown;
                // The silo that was running the call died: it may have done its work.
                case SiloUnavailableException:
                    return StorageFailureKind.OutcomeUnknown;
                // A call that never left, or was refused before it ran; a stale etag, so the write was not made.
                case ConnectionFailedException or OrleansMessageRejectionException or InconsistentStateException:
                    return StorageFailureKind.Unavailable;
                // A wait given up before any answer (not the HTTP client's own abort, which the API tells apart).
                case OperationCanceledException:
                    return StorageFailureKind.Unavailable;
                case AggregateException aggregate:
                    return aggregate.InnerExceptions.Select(Classify).Where(k => k != StorageFailureKind.None).DefaultIfEmpty().Max();
                case OrleansException:
                    orleans = true;
                    break;
            }
        }

        // Any other failure of the Orleans runtime (a storage provider's error, an activation that failed):
        // the call did not run to its end and acknowledged nothing.
        return orleans ? StorageFailureKind.Unavailable : StorageFailureKind.None;
    }

    /// <summary>
    /// The driver's own error. The server answered (a SQLSTATE): a data exception (class 22) or a broken
    /// constraint (class 23) is about this request's data, except a unique violation, which is a race with
    /// another writer; anything else it answered with rolled the statement back. No answer: if no connection
    /// was ever made nothing can have been sent; otherwise the statement may have reached the server.
    /// </summary>
    private static StorageFailureKind Classify(DbException db)
    {
        if (db.SqlState is { Length: 5 } state)
        {
            return (state.StartsWith("22", StringComparison.Ordinal) || state.StartsWith("23", StringComparison.Ordinal)) && state != UniqueViolation
                ? StorageFailureKind.Rejected
                : StorageFailureKind.Unavailable;
        }

        for (Exception? cause = db.InnerException; cause is not null; cause = cause.InnerException)
        {
            if (cause is SocketException { SocketErrorCode: SocketError.ConnectionRefused or SocketError.HostNotFound
                    or SocketError.HostUnreachable or SocketError.NetworkUnreachable or SocketError.TryAgain or SocketError.AddressNotAvailable })
            {
                return StorageFailureKind.Unavailable;
            }
        }

        return StorageFailureKind.OutcomeUnknown;
    }

    /// <summary>SQLSTATE 23505, the same in every SQL database.</summary>
    public const string UniqueViolation = "23505";

    /// <summary>
    /// What a grain tells its caller about a failure of <paramref name="kind"/>: PicChat's own exception, with
    /// nothing of the wrappers or causes (which stay in the silo's log). Bad data that reaches a caller this way was not the caller's
    /// to fix (the grain would have answered with a result), so it is reported as "unavailable", as before.
    /// </summary>
    public static Exception ForCaller(StorageFailureKind kind) => kind == StorageFailureKind.OutcomeUnknown
        ? new StorageOutcomeUnknownException("Storage did not confirm in time; the change may or may not have been made.")
        : new StorageUnavailableException("Storage is unavailable; nothing was changed. Retry later.");
}
