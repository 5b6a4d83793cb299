namespace PicChat.Abstractions.Pictures;

/// <summary>What a request to delete a picture did.</summary>
public enum DeletePictureResult
{
    Deleted,
    /// <summary>No such picture, or one the requester may not see.</summary>
    NotFound,
    /// <summary>The requester sees the picture (a friend of the owner) but does not own it.</summary>
    NotOwner,
}
