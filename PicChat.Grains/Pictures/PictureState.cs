namespace PicChat.Grains.Pictures;

/// <summary>Where a picture is in its life; each case says which of <see cref="PictureState"/>'s members mean anything.</summary>
[GenerateSerializer, Alias("picchat.PictureLifecycle")]
public enum PictureLifecycle
{
    /// <summary>The id was never used for a picture: nothing is stored.</summary>
    None = 0,

    /// <summary>Created and shown to whoever may see it: every member holds the picture.</summary>
    Created = 1,

    /// <summary>
    /// Deleted: a tombstone, so the id can never be created again. Only <see cref="PictureState.OwnerId"/> is kept,
    /// for the clean-up of its catalog row and chats (a reminder retries it until it has run).
    /// </summary>
    Deleted = 2,
}

/// <summary>What a <see cref="PictureGrain"/> stores.</summary>
[GenerateSerializer, Alias("picchat.PictureState")]
public sealed class PictureState
{
    // Ids 0 and 1 held the flags Exists and Deleted that Lifecycle replaced; rows of that shape are read by
    // Hosting/LegacyJsonState. Never reuse those ids.
    [Id(5)] public PictureLifecycle Lifecycle { get; set; }
    [Id(2)] public long OwnerId { get; set; }
    [Id(3)] public string PicUrl { get; set; } = "";
    [Id(4)] public DateTimeOffset CreatedAt { get; set; }

    public bool IsCreated => Lifecycle == PictureLifecycle.Created;
}
