namespace PicChat.Abstractions.Chats;

/// <summary>The names of the chat streams: one stream per picture, in <see cref="Namespace"/>, keyed by its picId.</summary>
public static class ChatStreams
{
    public const string Provider = "chats";
    public const string Namespace = "picture-chats";
}
