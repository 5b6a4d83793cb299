using PicChat.Api.Auth;
using PicChat.Abstractions.Chats;
using PicChat.Abstractions.Users;

namespace PicChat.Api.Chats;

/// <summary>
/// A subscriber's viewer and whether they still may watch: the session still open (as this instance's session
/// cache knows, which every logout reaches before it is answered, else as the user's grain says), the picture
/// still visible (asked of the picture's grain, once for overlapping checks of the same viewer).
/// </summary>
public sealed record ViewerAccess(
    SessionCache Sessions, IUserGrain User, Session Session, VisibilityChecks Visibility, long PicId, long OwnerId) : IViewerAccess
{
    public bool MaySee(ChatMessage chat) => Abstractions.Access.Visibility.SeesChat(Session.UserId, chat, OwnerId);

    public async Task<bool> StillAllowedAsync() =>
        await Sessions.IsOpenAsync(User, Session.UserId, Session.SessionHash) && await Visibility.IsVisibleAsync(PicId, Session.UserId);
}
