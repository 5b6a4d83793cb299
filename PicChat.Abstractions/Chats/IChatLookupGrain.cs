namespace PicChat.Abstractions.Chats;

/// <summary>Finds a chat by its id alone (one primary-key read), as <c>read-chat</c> and <c>delete-chat</c> need.</summary>
public interface IChatLookupGrain : IGrainWithIntegerKey
{
    /// <summary>The chat if it exists and <paramref name="viewerId"/> may see it (sender, receiver or picture owner).</summary>
    Task<ChatMessage?> GetAsync(long chatId, long viewerId);

    /// <summary>Deletes a chat known by its id alone: reads it once and hands it to its picture's room.</summary>
    Task<DeleteChatResult> DeleteAsync(long chatId, long requesterId);
}
