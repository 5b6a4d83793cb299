using PicChat.Abstractions.Chats;
using PicChat.Abstractions.Hosting;

namespace PicChat.Grains.Chats;

/// <summary>
/// Reads the log only to learn which rooms to ask: each room deletes its own chats, so their seqs stay gap-free
/// and their subscribers hear of it.
/// </summary>
public sealed class UserChatsGrain(IChatLog log) : Grain, IUserChatsGrain
{
    public async Task DeleteAllAsync()
    {
        var userId = this.GetPrimaryKeyLong();
        var pictures = await log.FindPicturesWithChatsOfAsync(userId);
        await Task.WhenAll(pictures.Select(picId => GrainFactory.Grain<IChatRoomGrain>(picId).DeleteChatsOfUserAsync(userId)));
    }
}
