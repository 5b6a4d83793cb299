namespace PicChat.Abstractions.Storage;

/// <summary>
/// Storage stopped answering after a write may have reached it (a statement timed out, or the connection broke
/// while waiting for the commit): the change may or may not be stored, and may still appear later. Unlike
/// <see cref="StorageUnavailableException"/>, this never promises that nothing changed.
/// </summary>
[GenerateSerializer, Alias("picchat.storage-outcome-unknown")]
public sealed class StorageOutcomeUnknownException(string message) : Exception(message);
