namespace PicChat.Grains.Users;

/// <summary>What an <see cref="EmailIndexGrain"/> stores.</summary>
[GenerateSerializer, Alias("picchat.EmailIndexState")]
public sealed class EmailIndexState
{
    /// <summary>The owner's id; 0 when the email is free.</summary>
    [Id(0)] public long UserId { get; set; }
}
