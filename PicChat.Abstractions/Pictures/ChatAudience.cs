namespace PicChat.Abstractions.Pictures;

/// <summary>Whether both people of a chat may see its picture; a missing picture is one the sender cannot see.</summary>
public enum ChatAudience
{
    Both,
    SenderCannotSee,
    ReceiverCannotSee,
}
