using Npgsql;

namespace PicChat.Tests.Integration;

/// <summary>Orleans clustering through PostgreSQL: silos join by the membership table and take over each other's grains.</summary>
[Collection(PicChatCollection.Name)]
public sealed class ClusterTests(PicChatFixture fixture) : IDisposable
{
    private readonly ApiClient _api = fixture.Client();

    public void Dispose() => _api.Dispose();

    [Fact]
    public async Task ASecondSiloJoinsAndTheApiKeepsAnsweringWhenTheFirstStops()
    {
        var user = await _api.RegisterAsync();
        await _api.PostAsync("/users/user-info-update", new { userId = user.Id, mobile = "+861234567" }, user.Token);

        await fixture.StartSiloAsync();
        Assert.Equal(2, await CountSilosAsync(status: 3));

        await fixture.StopOldestSiloAsync();

        // The user's grain comes back on the surviving silo, from PostgreSQL, session included.
        var read = await _api.GetAsync("/users/user-info-read", new { userId = user.Id }, user.Token);
        Assert.True(read.IsSuccess, read.Json.ToString());
        Assert.Equal("+861234567", read.Json.GetProperty("user").GetProperty("mobile").GetString());
        var newcomer = await _api.RegisterAsync();
        Assert.NotEqual(user.Id, newcomer.Id);
        Assert.Equal(1, await CountSilosAsync(status: 3));
    }

    private async Task<long> CountSilosAsync(int status)
    {
        await using var connection = new NpgsqlConnection(fixture.QueryConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT count(*) FROM orleans_membership WHERE deployment_id = @cluster AND status = @status", connection);
        command.Parameters.AddWithValue("cluster", fixture.ClusterId);
        command.Parameters.AddWithValue("status", status);
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
