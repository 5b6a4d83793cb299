namespace PicChat.Abstractions;

/// <summary>
/// The contract's limits that both sides enforce: the API checks requests against them, the grains allocate and
/// page within them. Each is named here only; messages and documents that state one are built from it.
/// </summary>
public static class Limits
{
    /// <summary>The largest id: 2^53 - 1, exact in every JSON client.</summary>
    public const long MaxId = (1L << 53) - 1;

    /// <summary>The page size of pictures and chats when a request names none.</summary>
    public const int DefaultPageSize = 100;

    /// <summary>The largest page of pictures or chats a request may ask for.</summary>
    public const int MaxPageSize = 1000;

    /// <summary>Entries on one friend list, unless the silo's configuration says otherwise.</summary>
    public const int MaxFriends = 5000;
}
