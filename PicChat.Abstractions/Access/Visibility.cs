using PicChat.Abstractions.Chats;

namespace PicChat.Abstractions.Access;

/// <summary>
/// Who may see and change what: the contract's rules, written once. Callers gather the facts (who owns the
/// picture, whether the owner has added the viewer) and ask here, so that a new rule (such as "unless blocked")
/// is added in one place and reaches every read, page, live event and check.
/// </summary>
public static class Visibility
{
    /// <summary>
    /// What a user shares: their pictures (and so the chats on them) and their mobile number. The user sees it,
    /// and so does everyone the user has added as a friend; being on the viewer's own list counts for nothing.
    /// </summary>
    public static bool SharedWith(long viewerId, long sharerId, bool sharerAddedViewer) =>
        viewerId == sharerId || sharerAddedViewer;

    /// <summary>A chat on a picture the viewer sees: its sender, its receiver and the picture's owner see it.</summary>
    public static bool SeesChat(long viewerId, ChatMessage chat, long pictureOwnerId) =>
        viewerId == pictureOwnerId || viewerId == chat.FromUserId || viewerId == chat.ToUserId;

    /// <summary>
    /// <see cref="SeesChat"/> as a query's filter: null when the viewer sees every chat of the picture (the
    /// owner), else the one user each chat they see involves.
    /// </summary>
    public static long? ChatsInvolving(long viewerId, long pictureOwnerId) => viewerId == pictureOwnerId ? null : viewerId;

    /// <summary>Of those who see a chat, its sender and the picture's owner may delete it.</summary>
    public static bool MayDeleteChat(long requesterId, ChatMessage chat, long pictureOwnerId) =>
        requesterId == chat.FromUserId || requesterId == pictureOwnerId;

    /// <summary>Of those who see a picture, only its owner may delete it.</summary>
    public static bool MayDeletePicture(long requesterId, long ownerId) => requesterId == ownerId;
}
