using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Runtime;
using PicChat.Api.Cluster;

namespace PicChat.Tests.Integration;

/// <summary>
/// The API hosting grains itself (<c>PicChat:Topology</c> = <c>CoHosted</c>): it joins the fixture's cluster as a
/// silo beside the plain one, serves the contract, and a chat sent through either API reaches subscribers of both.
/// </summary>
[Collection(PicChatCollection.Name)]
public sealed class CoHostedApiTests(PicChatFixture fixture) : IAsyncLifetime
{
    private WebApplication _coHosted = null!;
    private Uri _coHostedBase = null!;

    public async Task InitializeAsync() => (_coHosted, _coHostedBase) = await fixture.StartApiAsync(new()
    {
        [ApiTopology.Key] = ApiTopology.CoHosted,
        ["Orleans:Endpoints:SiloPort"] = PicChatFixture.FreePort().ToString(),
        ["Orleans:Endpoints:GatewayPort"] = PicChatFixture.FreePort().ToString(),
    });

    public async Task DisposeAsync() => await PicChatFixture.StopQuietlyAsync(_coHosted);

    [Fact]
    public async Task TheCoHostedApiIsASiloOfTheClusterAndServesTheContract()
    {
        var silo = _coHosted.Services.GetService<ILocalSiloDetails>();
        Assert.NotNull(silo);
        var hosts = await _coHosted.Services.GetRequiredService<IGrainFactory>().GetGrain<IManagementGrain>(0).GetHosts(onlyActive: true);
        Assert.Contains(silo.SiloAddress, hosts.Keys);
        Assert.True(hosts.Count >= 2, $"{hosts.Count} active silo(s)");

        using var coHosted = fixture.Client(_coHostedBase);
        using var separate = fixture.Client();
        var s = await ChatScenario.CreateAsync(coHosted);
        var path = $"/chats/subscribe?picId={s.PicId}";
        await using var viaCoHosted = await SseClient.ConnectAsync(_coHostedBase, path, s.Owner.Token);
        await using var viaSeparate = await SseClient.ConnectAsync(fixture.ApiBase, path, s.Friend.Token);

        // Sent through the plain API, read and received through both: the two topologies share one cluster.
        var chatId = await (s with { Api = separate }).SendAsync(s.Friend, s.Owner, "from the client API");
        Assert.Equal(chatId, SseClient.ChatId(await viaCoHosted.ReadEventAsync()));
        Assert.Equal(chatId, SseClient.ChatId(await viaSeparate.ReadEventAsync()));
        var read = await coHosted.GetAsync("/chats/read-chat", new { chatId }, s.Owner.Token);
        Assert.True(read.IsSuccess, read.Json.ToString());
        Assert.Equal("from the client API", read.Json.GetProperty("content").GetString());

        // Sessions are the cluster's, whichever API opened them; a stranger is refused as everywhere.
        var reply = await s.SendAsync(s.Owner, s.Friend, "from the co-hosted API");
        Assert.Equal(reply, SseClient.ChatId(await viaSeparate.ReadEventAsync()));
        var strangers = await separate.GetAsync("/chats/read-chat", new { chatId = reply }, s.Stranger.Token);
        Assert.Equal((System.Net.HttpStatusCode.NotFound, "chat_not_found"), (strangers.Status, strangers.ErrorCode));
    }
}
