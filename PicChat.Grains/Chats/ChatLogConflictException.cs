namespace PicChat.Grains.Chats;

/// <summary>Another writer used a seq or clientMsgId first; the writer reloads and tries again.</summary>
public sealed class ChatLogConflictException(string message, Exception? inner = null) : Exception(message, inner);
