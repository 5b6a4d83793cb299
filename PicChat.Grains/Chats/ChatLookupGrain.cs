using Orleans.Concurrency;
using PicChat.Abstractions.Chats;
using PicChat.Abstractions.Pictures;

namespace PicChat.Grains.Chats;

/// <summary>Stateless, so every silo runs as many as the load needs; use key 0.</summary>
[StatelessWorker]
public sealed class ChatLookupGrain(IChatLog log) : Grain, IChatLookupGrain
{
    public async Task<ChatMessage?> GetAsync(long chatId, long viewerId)
    {
        if (await log.GetAsync(chatId) is not { } chat)
        {
            return null;
        }

        var ownerId = await GrainFactory.GetGrain<IPictureGrain>(chat.PicId).GetOwnerIdAsync();
        return ownerId is { } owner && chat.IsVisibleTo(viewerId, owner) ? chat : null;
    }
}
