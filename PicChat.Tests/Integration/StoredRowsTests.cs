using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Npgsql;
using Orleans.Configuration;
using Orleans.Storage;
using PicChat.Grains.Hosting;
using PicChat.Grains.Users;

namespace PicChat.Tests.Integration;

/// <summary>Grain state rows in PostgreSQL: written in Orleans' own format, and rows in the old JSON format still served.</summary>
[Collection(PicChatCollection.Name)]
public sealed class StoredRowsTests(PicChatFixture fixture) : IDisposable
{
    private readonly ApiClient _api = fixture.Client();

    public void Dispose() => _api.Dispose();

    private IGrainStorageSerializer Serializer => fixture.SiloServices.GetRequiredService<IGrainStorageSerializer>();

    [Theory]
    [InlineData("picchat")]
    [InlineData("PubSubStore")]
    public void EveryAdoNetGrainStorageWritesThroughGrainStateSerializer(string provider) =>
        Assert.IsType<GrainStateSerializer>(fixture.SiloServices.GetRequiredService<IOptionsMonitor<AdoNetGrainStorageOptions>>().Get(provider).GrainStorageSerializer);

    [Fact]
    public async Task AUserRowInTheOldJsonFormatIsServedAndRewrittenInTheNewFormatByTheNextWrite()
    {
        var user = await _api.RegisterAsync();
        var row = await UserRowAsync(user.Email);
        Assert.False(LegacyJsonState.IsLegacy(new BinaryData(row)));
        Assert.DoesNotContain("PicChat", Encoding.Latin1.GetString(row));

        // The same user (with a mobile, to tell the row from the activation's memory) as ADO.NET storage's default
        // serializer wrote it before, with no activation left to remember it.
        var state = Serializer.Deserialize<UserState>(new BinaryData(row))!;
        await ForgetAllActivationsAsync();
        await ReplaceUserRowAsync(user.Email, OldFormat(state));

        Assert.Equal(1, await CountAsync($"{UserRow} AND {OldFormatRow}", user.Email));

        var read = await _api.GetAsync("/users/user-info-read", new { userId = user.Id }, user.Token);
        var login = await _api.PostAsync("/users/user-login", new { email = user.Email, password = user.Password });
        var update = await _api.PostAsync("/users/user-info-update", new { userId = user.Id, mobile = "12345" }, user.Token);

        Assert.True(read.IsSuccess, read.Json.ToString());
        Assert.Equal(user.Email, read.Json.GetProperty("user").GetProperty("email").GetString());
        Assert.Equal("777", read.Json.GetProperty("user").GetProperty("mobile").GetString());
        Assert.True(login.IsSuccess, login.Json.ToString());
        Assert.True(update.IsSuccess, update.Json.ToString());
        Assert.Equal(0, await CountAsync($"{UserRow} AND {OldFormatRow}", user.Email));
        var rewritten = await UserRowAsync(user.Email);
        Assert.False(LegacyJsonState.IsLegacy(new BinaryData(rewritten)));
        var now = Serializer.Deserialize<UserState>(new BinaryData(rewritten))!;
        Assert.Equal((UserLifecycle.Registered, "12345"), (now.Lifecycle, now.Mobile));
    }

    private static string OldFormat(UserState state)
    {
        string Text(string value) => JsonSerializer.Serialize(value);
        var sessions = string.Concat(state.Sessions.Select(s => $",{Text(s.Key)}:{Text(s.Value.ToString("O"))}"));
        return $$$"""{"$id":"1","$type":"PicChat.Grains.Users.UserState, PicChat.Grains","Exists":true,"Email":{{{Text(state.Email)}}},"Mobile":"777","PasswordHash":{{{Text(state.PasswordHash)}}},"CreatedAt":{{{Text(state.CreatedAt.ToString("O"))}}},"Sessions":{"$type":"System.Collections.Generic.Dictionary`2[[System.String, System.Private.CoreLib],[System.DateTimeOffset, System.Private.CoreLib]], System.Private.CoreLib"{{{sessions}}}}}""";
    }

    // A user's row is the one whose payload holds the email (the email index keeps it in its key, not its payload).
    private const string UserRow = "FROM orleans_storage WHERE position(convert_to($1, 'UTF8') IN payload) > 0";

    /// <summary>How docs/operating.md finds the rows LegacyJsonState is still needed for.</summary>
    private const string OldFormatRow = "substring(payload FROM 1 FOR 7) = '{\"$id\":'::bytea";

    private async Task<long> CountAsync(string fromWhere, string email)
    {
        await using var connection = new NpgsqlConnection(fixture.QueryConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"SELECT count(*) {fromWhere}", connection) { Parameters = { new() { Value = email } } };
        return (long)(await command.ExecuteScalarAsync())!;
    }

    private async Task<byte[]> UserRowAsync(string email)
    {
        await using var connection = new NpgsqlConnection(fixture.QueryConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"SELECT payload {UserRow}", connection) { Parameters = { new() { Value = email } } };
        return (byte[])(await command.ExecuteScalarAsync())!;
    }

    private async Task ReplaceUserRowAsync(string email, string json)
    {
        await using var connection = new NpgsqlConnection(fixture.QueryConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"UPDATE orleans_storage SET payload = $2 WHERE payload IN (SELECT payload {UserRow})", connection)
        {
            Parameters = { new() { Value = email }, new() { Value = Encoding.UTF8.GetBytes(json) } },
        };
        Assert.Equal(1, await command.ExecuteNonQueryAsync());
    }

    private async Task ForgetAllActivationsAsync() =>
        await fixture.Api.Services.GetRequiredService<IClusterClient>().GetGrain<IManagementGrain>(0)
            .ForceActivationCollection(TimeSpan.Zero);
}
