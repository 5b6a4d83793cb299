using System.Net.Sockets;
using System.Text;
using Npgsql;
using PicChat.Abstractions.Storage;
using PicChat.Grains.Chats;
using PicChat.Grains.Hosting;

namespace PicChat.Tests.Hosting;

/// <summary>Where the stores meet the driver: its exceptions become PicChat's, and none of the driver's goes further.</summary>
public sealed class StoreBoundaryTests
{
    private static Func<Task<int>> Failing(Exception ex) => () => Task.FromException<int>(ex);

    [Theory]
    [MemberData(nameof(DriverFailures))]
    public async Task AFailedReadChangedNothingWhateverStoppedIt(Exception failure)
    {
        var ex = await Assert.ThrowsAsync<StorageUnavailableException>(() => StoreBoundary.ReadAsync(Failing(failure)));
        Assert.Null(ex.InnerException);
    }

    public static TheoryData<Exception> DriverFailures() =>
    [
        new TimeoutException(),
        new NpgsqlException("slow", new TimeoutException()),
        new PostgresException("no", "ERROR", "ERROR", "57P01"),
        new NpgsqlException("no", new SocketException((int)SocketError.ConnectionRefused)),
    ];

    [Fact]
    public async Task AWriteSaysWhatMayHaveHappened()
    {
        await Assert.ThrowsAsync<StorageOutcomeUnknownException>(() => StoreBoundary.WriteAsync(Failing(new NpgsqlException("slow", new TimeoutException()))));
        await Assert.ThrowsAsync<StorageUnavailableException>(() => StoreBoundary.WriteAsync(Failing(new PostgresException("no", "FATAL", "FATAL", "57P01"))));
        await Assert.ThrowsAsync<StorageUnavailableException>(() =>
            StoreBoundary.WriteAsync(Failing(new NpgsqlException("no", new SocketException((int)SocketError.ConnectionRefused)))));
    }

    [Fact]
    public async Task DataTheDriverOrServerRefusesIsBadData()
    {
        await Assert.ThrowsAsync<StorageRejectedException>(() => StoreBoundary.WriteAsync(Failing(new PostgresException("no", "ERROR", "ERROR", "22021"))));
        await Assert.ThrowsAsync<StorageRejectedException>(() => StoreBoundary.WriteAsync(Failing(new EncoderFallbackException())));
        await Assert.ThrowsAsync<StorageRejectedException>(() => StoreBoundary.WriteAsync(Failing(new InvalidCastException())));
    }

    [Fact]
    public async Task AStoresOwnOutcomesPassUnchanged()
    {
        var conflict = new ChatLogConflictException("seq taken", new PostgresException("dup", "ERROR", "ERROR", "23505"));
        Assert.Same(conflict, await Assert.ThrowsAsync<ChatLogConflictException>(() => StoreBoundary.WriteAsync(Failing(conflict))));
        Assert.Equal(7, await StoreBoundary.ReadAsync(() => Task.FromResult(7)));
    }
}
