using Microsoft.Extensions.Logging;
using PicChat.Abstractions.Access;
using PicChat.Abstractions.Chats;
using PicChat.Abstractions.Friends;
using PicChat.Abstractions.Pictures;
using PicChat.Abstractions.Storage;
using PicChat.Grains.Hosting;
using PicChat.Abstractions.Hosting;

namespace PicChat.Grains.Pictures;

public sealed class PictureGrain(
    [PersistentState("picture", StorageNames.PicChat)] IPersistentState<PictureState> state,
    IPictureCatalog catalog,
    ILogger<PictureGrain> logger) : Grain, IPictureGrain, IRemindable
{
    /// <summary>The durable retry of a delete's clean-up (the catalog row, the chats).</summary>
    private const string DependentsReminder = "remove-dependents";

    public async Task<bool> CreateAsync(long ownerId, string picUrl, DateTimeOffset createdAt)
    {
        if (state.State.Lifecycle != PictureLifecycle.None)
        {
            return false;
        }

        state.State = new PictureState { Lifecycle = PictureLifecycle.Created, OwnerId = ownerId, PicUrl = picUrl, CreatedAt = createdAt };
        await state.WriteStateAsync();
        return true;
    }

    public async Task<PictureInfo?> GetAsync(long viewerId)
    {
        // Taken before the await: a delete may interleave with this read and replace the state with its tombstone.
        var picture = state.State;
        if (!picture.IsCreated)
        {
            return null;
        }

        var visible = await GrainFactory.Grain<IFriendListGrain>(picture.OwnerId).SharesWithAsync(viewerId);
        return visible ? new PictureInfo(this.GetPrimaryKeyLong(), picture.OwnerId, picture.PicUrl, picture.CreatedAt) : null;
    }

    public async Task<ChatAudience> GetChatAudienceAsync(long senderId, long receiverId)
    {
        if (!state.State.IsCreated)
        {
            return ChatAudience.SenderCannotSee;
        }

        var sees = await GrainFactory.Grain<IFriendListGrain>(state.State.OwnerId).SharesWithEachAsync([senderId, receiverId]);
        return !sees[0] ? ChatAudience.SenderCannotSee : !sees[1] ? ChatAudience.ReceiverCannotSee : ChatAudience.Both;
    }

    public Task<long?> GetOwnerIdAsync() => Task.FromResult(state.State.IsCreated ? (long?)state.State.OwnerId : null);

    public async Task<DeletePictureResult> DeleteAsync(long requesterId)
    {
        if (state.State.Lifecycle == PictureLifecycle.Deleted && requesterId == state.State.OwnerId)
        {
            // A delete that failed half-way (tombstone stored, chats or catalog row left) is finished by a retry.
            await RemoveDependentsAsync();
            return DeletePictureResult.NotFound;
        }

        if (await GetAsync(requesterId) is null)
        {
            return DeletePictureResult.NotFound;
        }

        if (!Visibility.MayDeletePicture(requesterId, state.State.OwnerId))
        {
            return DeletePictureResult.NotOwner;
        }

        // The retry first, so that once the tombstone is stored something durable finishes the clean-up.
        await Retries.EnsureAsync(this, DependentsReminder);

        // Tombstone next: from here on nobody sees the picture, whatever fails below, so the delete has happened.
        state.State = new PictureState { Lifecycle = PictureLifecycle.Deleted, OwnerId = state.State.OwnerId };
        await state.WriteStateAsync();
        await GrainFactory.TellApiInstancesAsync(new ReadChange(ReadChangeKind.Picture, this.GetPrimaryKeyLong()), logger);
        try
        {
            await RemoveDependentsAsync();
        }
        catch (Exception ex)
        {
            logger.LogWarning(ex, "Clean-up after deleting picture {PicId} failed; a reminder will retry it", this.GetPrimaryKeyLong());
        }

        return DeletePictureResult.Deleted;
    }

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (reminderName != DependentsReminder)
        {
            return;
        }

        if (state.State.Lifecycle == PictureLifecycle.Deleted)
        {
            await RemoveDependentsAsync();
        }
        else
        {
            await Retries.RemoveAsync(this, DependentsReminder, logger);
        }
    }

    private async Task RemoveDependentsAsync()
    {
        // Unlisted first: the catalog is what lists the owner's pictures, and a deleted one must not stay listed
        // while its chats are still being removed.
        await catalog.RemoveAsync(state.State.OwnerId, this.GetPrimaryKeyLong());
        await GrainFactory.Grain<IChatRoomGrain>(this.GetPrimaryKeyLong()).DeleteAllAsync();
        await Retries.RemoveAsync(this, DependentsReminder, logger);
    }
}
