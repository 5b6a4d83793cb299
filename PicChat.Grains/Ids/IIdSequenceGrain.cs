namespace PicChat.Grains.Ids;

/// <summary>
/// Hands out ids of one kind ("users", later "pictures", "chats"): unique across the cluster, never reused,
/// positive and below 2^53 so JSON clients can hold them exactly. Keyed by the sequence's name.
/// </summary>
public interface IIdSequenceGrain : IGrainWithStringKey
{
    /// <summary>Returns the next id of this sequence.</summary>
    Task<long> NextAsync();
}

[GenerateSerializer, Alias("picchat.IdSequenceState")]
public sealed class IdSequenceState
{
    /// <summary>The highest id ever reserved; ids at or below it are never handed out again.</summary>
    [Id(0)] public long HighWater { get; set; }
}
