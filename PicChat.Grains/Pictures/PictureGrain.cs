using PicChat.Grains.Chats;
using PicChat.Grains.Friends;

namespace PicChat.Grains.Pictures;

public sealed class PictureGrain(
    [PersistentState("picture", StorageNames.PicChat)] IPersistentState<PictureState> state,
    IPictureCatalog catalog) : Grain, IPictureGrain
{
    private PictureState S => state.State;

    public async Task<bool> CreateAsync(long ownerId, string picUrl, DateTimeOffset createdAt)
    {
        if (S.Exists || S.Deleted)
        {
            return false;
        }

        state.State = new PictureState { Exists = true, OwnerId = ownerId, PicUrl = picUrl, CreatedAt = createdAt };
        await state.WriteStateAsync();
        return true;
    }

    public async Task<PictureInfo?> GetAsync(long viewerId)
    {
        if (!S.Exists)
        {
            return null;
        }

        var visible = viewerId == S.OwnerId || await GrainFactory.GetGrain<IFriendListGrain>(S.OwnerId).ContainsAsync(viewerId);
        return visible ? new PictureInfo(this.GetPrimaryKeyLong(), S.OwnerId, S.PicUrl, S.CreatedAt) : null;
    }

    public Task<long?> GetOwnerIdAsync() => Task.FromResult(S.Exists ? (long?)S.OwnerId : null);

    public async Task<DeletePictureResult> DeleteAsync(long requesterId)
    {
        if (S.Deleted && requesterId == S.OwnerId)
        {
            // A delete that failed half-way (tombstone stored, chats or catalog row left) is finished by a retry.
            await RemoveDependentsAsync();
            return DeletePictureResult.NotFound;
        }

        if (await GetAsync(requesterId) is null)
        {
            return DeletePictureResult.NotFound;
        }

        if (requesterId != S.OwnerId)
        {
            return DeletePictureResult.NotOwner;
        }

        // Tombstone first: from here on nobody sees the picture, whatever fails below.
        var ownerId = S.OwnerId;
        state.State = new PictureState { Deleted = true, OwnerId = ownerId };
        await state.WriteStateAsync();
        await RemoveDependentsAsync();
        return DeletePictureResult.Deleted;
    }

    private async Task RemoveDependentsAsync()
    {
        await GrainFactory.GetGrain<IChatRoomGrain>(this.GetPrimaryKeyLong()).DeleteAllAsync();
        await catalog.RemoveAsync(S.OwnerId, this.GetPrimaryKeyLong());
    }
}
