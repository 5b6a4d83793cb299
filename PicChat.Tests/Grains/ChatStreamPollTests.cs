using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.TestingHost;
using PicChat.Abstractions.Chats;
using PicChat.Grains.Hosting;

namespace PicChat.Tests.Grains;

/// <summary>The chat streams' pulling agents poll at PicChat's period, not Orleans' 100 ms default.</summary>
[Collection(GrainClusterCollection.Name)]
public sealed class ChatStreamPollTests(GrainClusterFixture fixture)
{
    [Fact]
    public void TheChatStreamsPollAtPicChatsPeriod()
    {
        var services = ((InProcessSiloHandle)fixture.Cluster.Primary!).SiloHost!.Services;
        var agents = services.GetRequiredService<IOptionsMonitor<StreamPullingAgentOptions>>();

        Assert.Equal(PicChatGrainsExtensions.ChatStreamPoll, agents.Get(ChatStreams.Provider).GetQueueMsgsTimerPeriod);
        Assert.NotEqual(new StreamPullingAgentOptions().GetQueueMsgsTimerPeriod, PicChatGrainsExtensions.ChatStreamPoll);
    }
}
