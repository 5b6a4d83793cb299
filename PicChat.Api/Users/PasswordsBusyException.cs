namespace PicChat.Api.Users;

/// <summary>Every core is hashing and the queue for them is full: the request is refused before anything happened.</summary>
public sealed class PasswordsBusyException() : Exception("Too many password checks at once on this server.");
