using PicChat.Abstractions.Friends;
using PicChat.Abstractions.Ids;
using PicChat.Abstractions.Pictures;
using PicChat.Abstractions.Hosting;

namespace PicChat.Grains.Pictures;

public sealed class UserPicturesGrain(IPictureCatalog catalog, TimeProvider time) : Grain, IUserPicturesGrain
{
    private const int DeleteBatch = 200;

    private long OwnerId => this.GetPrimaryKeyLong();

    public async Task<PictureInfo> CreateAsync(string picUrl)
    {
        var picId = await GrainFactory.Grain<IIdSequenceGrain>("pictures").AllocateIdAsync();
        // To the microsecond, as PostgreSQL keeps it: the catalog's pages and the picture's own read must agree.
        var now = time.GetUtcNow().UtcTicks;
        var picture = new PictureInfo(picId, OwnerId, picUrl, new DateTimeOffset(now - now % 10, TimeSpan.Zero));
        var grain = GrainFactory.Grain<IPictureGrain>(picId);
        if (!await grain.CreateAsync(OwnerId, picUrl, picture.CreatedAt))
        {
            throw new InvalidOperationException($"Picture id {picId} was handed out twice.");
        }

        try
        {
            await catalog.AddAsync(picture);
        }
        catch
        {
            // The caller will hear of a failure, so the picture must not linger where a guessed id could find it.
            try { await grain.DeleteAsync(OwnerId); } catch (Exception) { /* storage is down; the original error says so */ }
            throw;
        }

        return picture;
    }

    public async Task<PicturePage> ReadPageAsync(long viewerId, long? before, int limit)
    {
        if (!await GrainFactory.Grain<IFriendListGrain>(OwnerId).SharesWithAsync(viewerId))
        {
            return new PicturePage([], null);
        }

        // One row more than asked says whether another page follows, without a count.
        var rows = await catalog.ReadPageAsync(OwnerId, before, limit + 1);
        return rows.Count > limit
            ? new PicturePage(rows.Take(limit).ToArray(), rows[limit - 1].PicId)
            : new PicturePage(rows, null);
    }

    public async Task DeleteAllAsync()
    {
        while (await catalog.ReadPageAsync(OwnerId, null, DeleteBatch) is { Count: > 0 } batch)
        {
            await Task.WhenAll(batch.Select(p => GrainFactory.Grain<IPictureGrain>(p.PicId).DeleteAsync(OwnerId)));
            // Unlist them here as well, so a row whose picture is already gone cannot keep this loop going.
            await Task.WhenAll(batch.Select(p => catalog.RemoveAsync(OwnerId, p.PicId)));
        }
    }
}
