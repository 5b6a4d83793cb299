using System.Text;
using Npgsql;

namespace PicChat.Grains.Hosting;

/// <summary>Reads an exception chain (Orleans and the ADO.NET providers wrap the driver's errors) as one <see cref="StorageFailureKind"/>.</summary>
public static class StorageFailures
{
    public static StorageFailureKind Classify(Exception? ex)
    {
        var kind = StorageFailureKind.None;
        for (var depth = 0; ex is not null && depth < 16; depth++, ex = ex.InnerException)
        {
            switch (ex)
            {
                // The server answered: a data or constraint error is about this request's data ...
                case PostgresException pg when pg.SqlState.StartsWith("22", StringComparison.Ordinal)
                                               || (pg.SqlState.StartsWith("23", StringComparison.Ordinal) && pg.SqlState != PostgresErrorCodes.UniqueViolation):
                    return StorageFailureKind.Rejected;
                // ... anything else it answered with rolled the statement back.
                case PostgresException:
                    return StorageFailureKind.Unavailable;
                // Npgsql refuses some values before sending them (text it cannot encode).
                case EncoderFallbackException or InvalidCastException:
                    return StorageFailureKind.Rejected;
                case NpgsqlException npgsql when npgsql.Message.StartsWith("Failed to connect", StringComparison.Ordinal)
                                                 || npgsql.Message.Contains("connection pool has been exhausted", StringComparison.Ordinal):
                    return StorageFailureKind.Unavailable;
                // The silo that was running the call died, or the call timed out: it may have done its work.
                case SiloUnavailableException:
                    return StorageFailureKind.OutcomeUnknown;
                // A call that never left, or was refused before it ran.
                case Orleans.Runtime.Messaging.ConnectionFailedException or OrleansMessageRejectionException:
                    return StorageFailureKind.Unavailable;
                case NpgsqlException or TimeoutException or IOException or System.Net.Sockets.SocketException:
                    kind = StorageFailureKind.OutcomeUnknown;
                    break;
            }
        }

        return kind;
    }
}
