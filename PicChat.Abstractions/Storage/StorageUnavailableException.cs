namespace PicChat.Abstractions.Storage;

/// <summary>
/// Storage could not be reached, so the call changed nothing that anyone will read back; the caller may retry.
/// Thrown where a store meets its driver with the driver's exception as the cause, for the silo's log; the
/// grain call filter sends callers a copy without it (<see cref="StorageFailures.ForCaller"/>), since the cause
/// may hold details (host names, SQL) that belong in the silo's log, not in a response.
/// </summary>
[GenerateSerializer, Alias("picchat.storage-unavailable")]
public sealed class StorageUnavailableException(string message, Exception? cause = null) : Exception(message, cause);
