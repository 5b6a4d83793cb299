namespace PicChat.Abstractions.Storage;

/// <summary>
/// Storage could not be reached, so the call changed nothing that anyone will read back; the caller may retry.
/// It replaces the driver's own exception, which Orleans cannot carry to a client and which may hold details
/// (host names, SQL) that belong in the silo's log, not in a response.
/// </summary>
[GenerateSerializer, Alias("picchat.storage-unavailable")]
public sealed class StorageUnavailableException(string message) : Exception(message);
