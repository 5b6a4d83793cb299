namespace PicChat.Grains.Hosting;

/// <summary>What a failed storage call means for the data it carried.</summary>
public enum StorageFailureKind
{
    /// <summary>Not a storage failure at all.</summary>
    None,

    /// <summary>PostgreSQL refused this data (a data or constraint error): retrying it can never work, and other requests' data is not to blame.</summary>
    Rejected,

    /// <summary>Nothing was committed (no connection, or the server answered with an error); a retry may work.</summary>
    Unavailable,

    /// <summary>The statement may have been sent and may still commit (a timeout or a connection lost while waiting).</summary>
    OutcomeUnknown,
}
