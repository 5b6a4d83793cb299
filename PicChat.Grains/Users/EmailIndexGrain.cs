using PicChat.Abstractions.Ids;
using PicChat.Abstractions.Storage;
using PicChat.Abstractions.Users;
using PicChat.Abstractions.Hosting;

namespace PicChat.Grains.Users;

public sealed class EmailIndexGrain(
    [PersistentState("email", StorageNames.PicChat)] IPersistentState<EmailIndexState> state,
    TimeProvider time) : Grain, IEmailIndexGrain
{
    public async Task<RegisterResult> RegisterAsync(string passwordHash)
    {
        var email = this.GetPrimaryKeyString();
        if (state.State.UserId != 0)
        {
            // A registration that crashed between claiming the email and creating the user leaves an id with
            // no account behind it; such a claim is void, and the email is free.
            var owner = await GrainFactory.Grain<IUserGrain>(state.State.UserId).GetProfileAsync();
            if (owner is not null)
            {
                return new RegisterResult(false, owner.UserId);
            }
        }

        var userId = await GrainFactory.Grain<IIdSequenceGrain>("users").AllocateIdAsync();
        state.State.UserId = userId;
        await state.WriteStateAsync();

        if (!await GrainFactory.Grain<IUserGrain>(userId).CreateAsync(email, passwordHash, time.GetUtcNow()))
        {
            throw new InvalidOperationException($"User id {userId} was handed out twice.");
        }

        return new RegisterResult(true, userId);
    }

    public Task<long?> GetUserIdAsync() => Task.FromResult(state.State.UserId == 0 ? null : (long?)state.State.UserId);

    public async Task ReleaseAsync(long userId)
    {
        if (state.State.UserId == userId)
        {
            await state.ClearStateAsync();
        }
    }
}
