using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace PicChat.Tests.Integration;

/// <summary>
/// Clean-ups that fail half-way (here: the chat table locked, so deleting chats times out) are finished by a
/// durable Orleans reminder in PostgreSQL, even when no activation of the grain is left to retry them.
/// </summary>
[Collection(PicChatCollection.Name)]
public sealed class CleanupRetryTests(PicChatFixture fixture) : IDisposable
{
    private readonly ApiClient _api = fixture.Client();

    public void Dispose() => _api.Dispose();

    private const string LiveChatsOf = "SELECT chat_id FROM picchat_chats WHERE deleted_seq IS NULL AND (from_user_id = $1 OR to_user_id = $1)";

    [Fact]
    public async Task ADestroyWhoseCleanUpFailedIsFinishedByAReminderAfterEveryActivationIsGone()
    {
        var s = await ChatScenario.CreateAsync(_api);
        await s.SendAsync(s.Friend, s.Owner, "from the one who leaves");
        await s.SendAsync(s.Owner, s.Friend, "to the one who leaves");

        ApiResponse destroy, addWhilePending;
        await using (await LockChatsAsync())
        {
            destroy = await _api.DeleteAsync("/users/user-destroy", new { userId = s.Friend.Id }, s.Friend.Token);
            // The email still points at the destroyed account until the clean-up ends; it must resolve to nobody.
            addWhilePending = await _api.PostAsync("/friends/create-friend", new { userId = s.Stranger.Id, friendId = s.Friend.Email }, s.Stranger.Token);
        }

        Assert.True(destroy.IsSuccess, destroy.Json.ToString());
        Assert.Equal(HttpStatusCode.NotFound, addWhilePending.Status);
        Assert.Equal("user_not_found", addWhilePending.ErrorCode);
        Assert.Equal(2, (await fixture.QueryLongsAsync(LiveChatsOf, s.Friend.Id)).Count);

        // As after a restart: no activation is left that could remember to retry.
        await ForgetAllActivationsAsync();

        Assert.True(await WaitUntilAsync(async () => (await fixture.QueryLongsAsync(LiveChatsOf, s.Friend.Id)).Count == 0));
        var again = await _api.PostAsync("/users/user-register", new { email = s.Friend.Email, password = "123456" });
        Assert.True(again.IsSuccess, again.Json.ToString());
    }

    [Fact]
    public async Task ADeletedPictureIsUnlistedAtOnceAndItsChatsGoByReminderWhenDeletingThemFailed()
    {
        var s = await ChatScenario.CreateAsync(_api);
        await s.SendAsync(s.Friend, s.Owner, "about to go");

        ApiResponse delete, listing;
        await using (await LockChatsAsync())
        {
            delete = await _api.DeleteAsync("/pics/delete-picture", new { userId = s.Owner.Id, picId = s.PicId }, s.Owner.Token);
            listing = await _api.GetAsync("/pics/read-pictures-by-user", new { userId = s.Owner.Id }, s.Owner.Token);
        }

        Assert.True(delete.IsSuccess, delete.Json.ToString());
        Assert.True(listing.IsSuccess, listing.Json.ToString());
        Assert.DoesNotContain(listing.Json.GetProperty("picsInfo").EnumerateArray(), p => p.GetProperty("picId").GetInt64() == s.PicId);
        Assert.Equal(1, await fixture.CountRowsAsync("picchat_chats", "pic_id", s.PicId));

        await ForgetAllActivationsAsync();

        Assert.True(await WaitUntilAsync(async () => await fixture.CountRowsAsync("picchat_chats", "pic_id", s.PicId) == 0));
    }

    /// <summary>Holds an exclusive lock on the chat table until disposed: every statement on it waits, then times out.</summary>
    private async Task<IAsyncDisposable> LockChatsAsync()
    {
        var connection = new NpgsqlConnection(fixture.QueryConnectionString);
        await connection.OpenAsync();
        var transaction = await connection.BeginTransactionAsync();
        await using (var command = new NpgsqlCommand("LOCK TABLE picchat_chats IN ACCESS EXCLUSIVE MODE", connection, transaction))
        {
            await command.ExecuteNonQueryAsync();
        }

        return new Releaser(connection, transaction);
    }

    private sealed class Releaser(NpgsqlConnection connection, NpgsqlTransaction transaction) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await transaction.RollbackAsync();
            await connection.DisposeAsync();
        }
    }

    private async Task ForgetAllActivationsAsync() =>
        await fixture.Api.Services.GetRequiredService<IClusterClient>().GetGrain<IManagementGrain>(0)
            .ForceActivationCollection(TimeSpan.Zero);

    /// <summary>Polls for at most half a minute (a reminder's first retry is due after five seconds).</summary>
    private static async Task<bool> WaitUntilAsync(Func<Task<bool>> condition)
    {
        for (var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30); DateTime.UtcNow < deadline; await Task.Delay(500))
        {
            if (await condition())
            {
                return true;
            }
        }

        return await condition();
    }
}
