namespace PicChat.Abstractions.Chats;

/// <summary>
/// The chats one user sent or received, on every picture, keyed by the user's id. It holds no state: it finds the
/// pictures in the chat log and asks each picture's <see cref="IChatRoomGrain"/>, the only writer of its chats.
/// </summary>
public interface IUserChatsGrain : IGrainWithIntegerKey
{
    /// <summary>Deletes every live chat the user sent or received (the user is being destroyed); safe to repeat.</summary>
    Task DeleteAllAsync();
}
