namespace PicChat.Abstractions.Storage;

/// <summary>
/// Storage could not be reached, so the call changed nothing that anyone will read back; the caller may retry.
/// It replaces the driver's own exception where a store meets its driver, and never carries it: Orleans cannot
/// send the driver's types to a client, and they may hold details (host names, SQL) that belong in the silo's
/// log, where the store writes them.
/// </summary>
[GenerateSerializer, Alias("picchat.storage-unavailable")]
public sealed class StorageUnavailableException(string message) : Exception(message);
