using System.Net.Sockets;
using Npgsql;
using Orleans.Storage;
using PicChat.Abstractions.Storage;

namespace PicChat.Tests.Hosting;

/// <summary>The one reading of failures that grains and API share: by type and SQLSTATE class, never by message text.</summary>
public sealed class StorageFailuresTests
{
    private static PostgresException Server(string sqlState) => new("refused", "ERROR", "ERROR", sqlState);

    [Theory]
    [InlineData("22021")] // character_not_in_repertoire
    [InlineData("22001")] // string_data_right_truncation
    [InlineData("23502")] // not_null_violation
    [InlineData("23514")] // check_violation
    public void DataTheServerRefusesIsBadData(string sqlState) =>
        Assert.Equal(StorageFailureKind.Rejected, StorageFailures.Classify(Server(sqlState)));

    [Theory]
    [InlineData("23505")] // unique_violation: a race with another writer, not bad data
    [InlineData("57P01")] // admin_shutdown
    [InlineData("40001")] // serialization_failure
    [InlineData("53300")] // too_many_connections
    public void AnyOtherAnswerOfTheServerRolledTheStatementBack(string sqlState) =>
        Assert.Equal(StorageFailureKind.Unavailable, StorageFailures.Classify(Server(sqlState)));

    [Fact]
    public void ARefusedConnectionChangedNothing() => Assert.Equal(StorageFailureKind.Unavailable,
        StorageFailures.Classify(new NpgsqlException("no", new SocketException((int)SocketError.ConnectionRefused))));

    [Fact]
    public void AConnectionLostWhileWaitingForTheAnswerMayHaveCommitted()
    {
        Assert.Equal(StorageFailureKind.OutcomeUnknown, StorageFailures.Classify(new NpgsqlException("lost", new IOException("reset"))));
        Assert.Equal(StorageFailureKind.OutcomeUnknown,
            StorageFailures.Classify(new NpgsqlException("lost", new SocketException((int)SocketError.ConnectionReset))));
    }

    [Fact]
    public void ATimeoutIsAnUnknownOutcomeWhereverItArises()
    {
        Assert.Equal(StorageFailureKind.OutcomeUnknown, StorageFailures.Classify(new TimeoutException()));
        Assert.Equal(StorageFailureKind.OutcomeUnknown, StorageFailures.Classify(new NpgsqlException("slow", new TimeoutException())));
        Assert.Equal(StorageFailureKind.OutcomeUnknown, StorageFailures.Classify(new OrleansException("wrapped", new TimeoutException())));
    }

    [Fact]
    public void TheMessageTextIsNeverRead() =>
        // Words that once meant "nothing was sent" do not change what the types say.
        Assert.Equal(StorageFailureKind.OutcomeUnknown,
            StorageFailures.Classify(new NpgsqlException("Failed to connect to 127.0.0.1", new TimeoutException())));

    [Fact]
    public void PicChatsOwnExceptionsSayWhatTheyAreEvenWhenOrleansWrapsThem()
    {
        Assert.Equal(StorageFailureKind.Unavailable,
            StorageFailures.Classify(new OrleansException("Error from storage provider", new StorageUnavailableException("x"))));
        Assert.Equal(StorageFailureKind.OutcomeUnknown, StorageFailures.Classify(new StorageOutcomeUnknownException("x")));
        Assert.Equal(StorageFailureKind.Rejected, StorageFailures.Classify(new OrleansException("y", new StorageRejectedException("x"))));
    }

    [Fact]
    public void ClusterFailuresSayWhetherTheCallRan()
    {
        Assert.Equal(StorageFailureKind.OutcomeUnknown, StorageFailures.Classify(new SiloUnavailableException()));
        Assert.Equal(StorageFailureKind.Unavailable, StorageFailures.Classify(new Orleans.Runtime.Messaging.ConnectionFailedException("gone")));
        Assert.Equal(StorageFailureKind.Unavailable, StorageFailures.Classify(new InconsistentStateException("etag")));
        Assert.Equal(StorageFailureKind.Unavailable, StorageFailures.Classify(new OrleansException("activation failed")));
    }

    [Fact]
    public void OfSeveralFailuresTheLeastCertainCounts() => Assert.Equal(StorageFailureKind.OutcomeUnknown,
        StorageFailures.Classify(new AggregateException(new StorageUnavailableException("a"), new StorageOutcomeUnknownException("b"))));

    [Fact]
    public void BugsAreNoStorageFailures()
    {
        Assert.Equal(StorageFailureKind.None, StorageFailures.Classify(new InvalidOperationException("bug")));
        Assert.Equal(StorageFailureKind.None, StorageFailures.Classify(new InvalidCastException("bug")));
        Assert.Equal(StorageFailureKind.None, StorageFailures.Classify(new IOException("not the database")));
    }

    [Fact]
    public void CallersAreToldOnlyWhetherAnythingMayHaveChanged()
    {
        Assert.IsType<StorageOutcomeUnknownException>(StorageFailures.ForCaller(StorageFailureKind.OutcomeUnknown));
        Assert.IsType<StorageUnavailableException>(StorageFailures.ForCaller(StorageFailureKind.Unavailable));
        Assert.IsType<StorageUnavailableException>(StorageFailures.ForCaller(StorageFailureKind.Rejected));
    }
}
