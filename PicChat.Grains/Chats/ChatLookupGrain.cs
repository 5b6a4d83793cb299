using Orleans.Concurrency;
using PicChat.Abstractions.Access;
using PicChat.Abstractions.Chats;
using PicChat.Abstractions.Pictures;
using PicChat.Abstractions.Hosting;

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

        var ownerId = await GrainFactory.Grain<IPictureGrain>(chat.PicId).GetOwnerIdAsync();
        return ownerId is { } owner && Visibility.SeesChat(viewerId, chat, owner) ? chat : null;
    }

    public async Task<DeleteChatResult> DeleteAsync(long chatId, long requesterId) => await log.GetAsync(chatId) is { } chat
        ? await GrainFactory.Grain<IChatRoomGrain>(chat.PicId).DeleteReadChatAsync(chat, requesterId)
        : DeleteChatResult.NotFound;
}
