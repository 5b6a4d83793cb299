using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using PicChat.Abstractions.Chats;
using PicChat.Api.Chats;

namespace PicChat.Tests.Integration;

/// <summary>The chat stream as a lossy one delivers it: the events <see cref="Drop"/> says true for never arrive.</summary>
internal sealed class LossyChatEventSource(IChatEventSource stream) : IChatEventSource
{
    public Func<ChatEvent, bool>? Drop { get; set; }

    /// <summary>Puts a lossy source in place of an API instance's stream (it drops nothing until told to).</summary>
    public static void Use(WebApplicationBuilder api) =>
        api.Services.AddSingleton<IChatEventSource>(services => new LossyChatEventSource(new ChatStreamSource(services.GetRequiredService<IClusterClient>())));

    public static LossyChatEventSource Of(WebApplication api) => (LossyChatEventSource)api.Services.GetRequiredService<IChatEventSource>();

    public Task<IAsyncDisposable> SubscribeAsync(long picId, Func<ChatEvent, Task> onEvent) =>
        stream.SubscribeAsync(picId, chatEvent => Drop?.Invoke(chatEvent) == true ? Task.CompletedTask : onEvent(chatEvent));
}
