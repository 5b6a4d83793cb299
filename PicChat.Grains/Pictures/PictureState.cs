namespace PicChat.Grains.Pictures;

/// <summary>What a <see cref="PictureGrain"/> stores.</summary>
[GenerateSerializer, Alias("picchat.PictureState")]
public sealed class PictureState
{
    [Id(0)] public bool Exists { get; set; }
    /// <summary>Set once deleted, so the id can never be created again; the owner is kept for clean-up.</summary>
    [Id(1)] public bool Deleted { get; set; }
    [Id(2)] public long OwnerId { get; set; }
    [Id(3)] public string PicUrl { get; set; } = "";
    [Id(4)] public DateTimeOffset CreatedAt { get; set; }
}
