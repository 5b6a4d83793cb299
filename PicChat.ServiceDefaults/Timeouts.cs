using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Npgsql;

namespace PicChat.ServiceDefaults;

/// <summary>
/// One budget for every wait, so that no request waits more than about five seconds for anything: a
/// PostgreSQL statement gives up first, a grain call next (so the grain's own error, which says what
/// happened, reaches the caller before the call itself times out), and the HTTP answer goes out right after.
/// </summary>
public static class Timeouts
{
    /// <summary>Opening a connection (or waiting for a pooled one).</summary>
    public const int ConnectSeconds = 2;

    /// <summary>One statement.</summary>
    public const int CommandSeconds = 2;

    /// <summary>
    /// After a statement times out, Npgsql would ask the server to cancel it and wait for that; a server that does
    /// not answer statements does not answer that either, so the connection is dropped at once (-1).
    /// </summary>
    public const int CancellationMilliseconds = -1;

    /// <summary>
    /// A grain call, from the API or from another grain. Orleans' default (30 s) is what a request waited when
    /// the silo running its grain died (membership declares a dead silo in about 2.5 s, but a call already sent
    /// there waits for its timeout). It exceeds the database's worst case for one statement, so a grain's own
    /// storage error, which says what happened, arrives first; Orleans notices expiry up to a second late.
    /// </summary>
    public static readonly TimeSpan GrainCall = TimeSpan.FromSeconds(3.5);

    /// <summary>
    /// How often a silo probes each peer and how long it waits for an answer; three missed probes and it votes
    /// the peer dead. Orleans' 5 s default took 10 to 15 s to declare a killed silo dead, and every call to a
    /// grain that lived there failed until then. Orleans adapts the effective timeout to observed answer times
    /// (0.5 to 4 s), so a silo that is merely busy is not voted out.
    /// </summary>
    public static readonly TimeSpan MembershipProbe = TimeSpan.FromSeconds(1);

    /// <summary>
    /// How often a silo writes "I am alive" into the membership table; three missed and its row counts as stale.
    /// After a crash of the whole cluster no live silo is left to vote the dead ones out, and the new silos only
    /// evict a member once its row is stale: with Orleans' 30 s default that was 90 s after the crash, and the
    /// restarted system answered nothing until then. A silo that comes back on its own address evicts its
    /// predecessor at once (the AppHost keeps silo ports stable); this bounds the other cases. It costs each silo
    /// one small UPDATE every 5 s.
    /// </summary>
    public static readonly TimeSpan MembershipHeartbeat = TimeSpan.FromSeconds(5);

    /// <summary>
    /// How often an API instance re-reads the gateway list from the membership table (Orleans' default: a minute),
    /// so a silo that restarted on a new address takes requests again within seconds. One SELECT per period.
    /// </summary>
    public static readonly TimeSpan GatewayListRefresh = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Gives the <c>picchat</c> connection string the budget's timeouts where it does not set them itself, for
    /// every user of it: our stores and Orleans' ADO.NET providers alike.
    /// </summary>
    public static IHostApplicationBuilder AddPicChatDatabaseTimeouts(this IHostApplicationBuilder builder)
    {
        ReserveThreadsForStalledCancellations();
        if (builder.Configuration.GetConnectionString(ServiceDefaultsExtensions.ConnectionName) is not { Length: > 0 } given)
        {
            return builder;
        }

        // Only Npgsql's defaults (15 s, 30 s, 2 s) are replaced: an operator's own setting wins.
        var defaults = new NpgsqlConnectionStringBuilder();
        var connection = new NpgsqlConnectionStringBuilder(given);
        if (connection.Timeout == defaults.Timeout)
        {
            connection.Timeout = ConnectSeconds;
        }

        if (connection.CommandTimeout == defaults.CommandTimeout)
        {
            connection.CommandTimeout = CommandSeconds;
        }

        if (connection.CancellationTimeout == defaults.CancellationTimeout)
        {
            connection.CancellationTimeout = CancellationMilliseconds;
        }

        builder.Configuration.AddInMemoryCollection(
            [new($"ConnectionStrings:{ServiceDefaultsExtensions.ConnectionName}", connection.ConnectionString)]);
        return builder;
    }

    /// <summary>
    /// Threads the pool starts at once, without its usual slow ramp-up. When a statement times out, Npgsql sends
    /// PostgreSQL a cancel request synchronously and waits for the server to close that connection; a frozen
    /// server never does until it wakes, so each timed-out statement holds a thread until then. With the usual
    /// minimum (one per core) a few of those stall every request in the process, healthy ones included.
    /// </summary>
    public const int MinThreads = 256;

    public static void ReserveThreadsForStalledCancellations()
    {
        ThreadPool.GetMinThreads(out var workers, out var io);
        ThreadPool.SetMinThreads(Math.Max(workers, MinThreads), Math.Max(io, MinThreads));
    }
}
