using PicChat.Abstractions.Access;
using PicChat.Abstractions.Chats;

namespace PicChat.Tests.Access;

/// <summary>The contract's rules of who sees and may change what, where every caller asks them.</summary>
public sealed class VisibilityTests
{
    private const long Owner = 1, Sender = 2, Receiver = 3, Stranger = 4;
    private static readonly ChatMessage Chat = new(10, 20, 1, Sender, Receiver, "text", "hi", null, DateTimeOffset.UnixEpoch);

    [Fact]
    public void WhatAUserSharesTheyAndThoseTheyAddedSee()
    {
        Assert.True(Visibility.SharedWith(Owner, Owner, sharerAddedViewer: false));
        Assert.True(Visibility.SharedWith(Sender, Owner, sharerAddedViewer: true));
        Assert.False(Visibility.SharedWith(Sender, Owner, sharerAddedViewer: false));
    }

    [Fact]
    public void AChatIsSeenByItsSenderItsReceiverAndThePicturesOwner()
    {
        Assert.Equal([true, true, true, false], new[] { Owner, Sender, Receiver, Stranger }.Select(u => Visibility.SeesChat(u, Chat, Owner)));
        Assert.Equal([null, Sender, Stranger], new[] { Owner, Sender, Stranger }.Select(u => Visibility.ChatsInvolving(u, Owner)));
    }

    [Fact]
    public void OnlyTheSenderOrThePicturesOwnerDeleteAChatAndOnlyTheOwnerAPicture()
    {
        Assert.Equal([true, true, false], new[] { Owner, Sender, Receiver }.Select(u => Visibility.MayDeleteChat(u, Chat, Owner)));
        Assert.Equal([true, false], new[] { Owner, Sender }.Select(u => Visibility.MayDeletePicture(u, Owner)));
    }
}
