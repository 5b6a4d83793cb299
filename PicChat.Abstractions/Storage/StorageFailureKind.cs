namespace PicChat.Abstractions.Storage;

/// <summary>What a failed call means for the data it carried (see <see cref="StorageFailures.Classify"/>).</summary>
public enum StorageFailureKind
{
    /// <summary>Not a storage or cluster failure at all: a bug, or an expected outcome the caller handles.</summary>
    None,

    /// <summary>Bad data: storage refused this data (a data or constraint error); retrying it can never work, and other requests' data is not to blame.</summary>
    Rejected,

    /// <summary>Nothing was committed (no connection, or the server answered with an error); a retry may work.</summary>
    Unavailable,

    /// <summary>The work may have been done and may still commit (a timeout, or a connection lost while waiting for the answer).</summary>
    OutcomeUnknown,
}
