namespace PicChat.Grains.Ids;

/// <summary>What an <see cref="IdSequenceGrain"/> stores.</summary>
[GenerateSerializer, Alias("picchat.IdSequenceState")]
public sealed class IdSequenceState
{
    /// <summary>The highest id ever reserved; ids at or below it are never handed out again.</summary>
    [Id(0)] public long HighWater { get; set; }
}
