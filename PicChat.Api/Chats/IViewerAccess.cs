using PicChat.Abstractions.Chats;

namespace PicChat.Api.Chats;

/// <summary>What a <see cref="SubscriberStream"/> asks about its viewer: which chats they may see, and whether they still may watch.</summary>
public interface IViewerAccess
{
    bool MaySee(ChatMessage chat);

    /// <summary>The session still open and the picture still visible.</summary>
    Task<bool> StillAllowedAsync();
}
