namespace PicChat.Abstractions.Ids;

/// <summary>
/// Hands out ids of one kind ("users", later "pictures", "chats"): unique across the cluster, never reused,
/// positive and below 2^53 so JSON clients can hold them exactly. Keyed by the sequence's name.
/// </summary>
public interface IIdSequenceGrain : IGrainWithStringKey
{
    /// <summary>Returns the next id of this sequence.</summary>
    Task<long> AllocateIdAsync();
}
