namespace PicChat.Abstractions.Storage;

/// <summary>
/// Storage refused the data itself (text it cannot encode, a value out of range, a broken constraint): nothing
/// was stored, and sending the same data again fails the same way.
/// </summary>
[GenerateSerializer, Alias("picchat.storage-rejected")]
public sealed class StorageRejectedException(string message) : Exception(message);
