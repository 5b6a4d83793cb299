namespace PicChat.Api.Docs;

// The parameters of each endpoint, for the OpenAPI document only: requests are parsed by ApiRequest (the
// wire rules: JSON body, query string for GET and DELETE, user references as email or id). A user
// reference is shown as a string; a JSON number is accepted as well.

public sealed record RegisterRequest(string Email, string Password);
public sealed record LoginRequest(string Email, string Password);
public sealed record PasswordUpdateRequest(string UserId, string OldPassword, string NewPassword);
public sealed record InfoUpdateRequest(string UserId, string? Avatar, string? Mobile);
public sealed record UserIdRequest(string UserId);

public sealed record FriendCreateRequest(string UserId, string FriendId, string? NickName);
public sealed record FriendRequest(string UserId, string FriendId);
public sealed record FriendRenameRequest(string UserId, string FriendId, string NickName);

public sealed record PictureCreateRequest(string UserId, string PicUrl);
public sealed record PictureRequest(string UserId, long PicId);
public sealed record PicturesByUserRequest(string UserId, string? OwnerId, int? Limit, long? Before);

public sealed record ChatCreateRequest(
    long PicId, string FromUserId, string ToUserId, string MsgType, string? Content, string? VoiceUrl, string? ClientMsgId);
public sealed record ChatRequest(long ChatId);
public sealed record ChatsReadRequest(long PicId, int? Limit, long? Before, long? After);
public sealed record SubscribeRequest(long PicId, long? After);
public sealed record NoParameters;
