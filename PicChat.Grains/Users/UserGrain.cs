using Microsoft.Extensions.Logging;
using PicChat.Grains.Chats;
using PicChat.Grains.Friends;
using PicChat.Grains.Pictures;

namespace PicChat.Grains.Users;

public sealed class UserGrain(
    [PersistentState("user", StorageNames.PicChat)] IPersistentState<UserState> state,
    IChatLog chats,
    ILogger<UserGrain> logger) : Grain, IUserGrain
{
    private IGrainTimer? _cascadeRetry;

    /// <summary>Bounds the state; a user past it loses the oldest session, as if it had expired.</summary>
    public const int MaxSessions = 50;

    /// <summary>How long a session stays valid after login; the client signs in again after that.</summary>
    public static readonly TimeSpan SessionLifetime = TimeSpan.FromDays(30);

    private UserState S => state.State;

    public async Task<bool> CreateAsync(string email, string passwordHash, DateTimeOffset createdAt)
    {
        if (S.Exists || S.Destroyed)
        {
            return false;
        }

        state.State = new UserState { Exists = true, Email = email, PasswordHash = passwordHash, CreatedAt = createdAt };
        await state.WriteStateAsync();
        return true;
    }

    public Task<UserProfile?> GetProfileAsync() => Task.FromResult(
        S.Exists ? new UserProfile(this.GetPrimaryKeyLong(), S.Email, S.Avatar, S.Mobile, S.CreatedAt) : null);

    public Task<string?> GetPasswordHashAsync() => Task.FromResult(S.Exists ? S.PasswordHash : null);

    public async Task<bool> OpenSessionAsync(string sessionHash)
    {
        if (!S.Exists)
        {
            return false;
        }

        AddSession(sessionHash);
        await state.WriteStateAsync();
        return true;
    }

    public Task<bool> HasSessionAsync(string sessionHash) => Task.FromResult(
        S.Exists && S.Sessions.TryGetValue(sessionHash, out var opened) && DateTimeOffset.UtcNow - opened < SessionLifetime);

    public async Task CloseSessionAsync(string sessionHash)
    {
        if (S.Sessions.Remove(sessionHash))
        {
            await state.WriteStateAsync();
        }
    }

    public async Task<bool> ChangePasswordAsync(string expectedHash, string newHash, string newSessionHash)
    {
        if (!S.Exists || S.PasswordHash != expectedHash)
        {
            return false;
        }

        S.PasswordHash = newHash;
        S.Sessions.Clear();
        AddSession(newSessionHash);
        await state.WriteStateAsync();
        return true;
    }

    public async Task<UserProfile?> UpdateInfoAsync(string? avatar, string? mobile)
    {
        if (!S.Exists)
        {
            return null;
        }

        if (avatar is not null) S.Avatar = avatar.Length == 0 ? null : avatar;
        if (mobile is not null) S.Mobile = mobile.Length == 0 ? null : mobile;
        await state.WriteStateAsync();
        return await GetProfileAsync();
    }

    public async Task<bool> DestroyAsync()
    {
        if (!S.Exists)
        {
            return false;
        }

        // The tombstone goes first: from here on every session check fails and the id cannot come back, so
        // the account is gone once this write succeeds. What hangs off it is removed next; if that fails
        // (storage trouble), the pending flag makes this grain finish the job in the background.
        state.State = new UserState { Destroyed = true, Email = S.Email, CascadePending = true };
        await state.WriteStateAsync();

        try
        {
            await FinishDestroyAsync();
        }
        catch (Exception ex)
        {
            logger.LogWarning(ex, "Clean-up after destroying user {UserId} failed; retrying in the background", this.GetPrimaryKeyLong());
            ScheduleCascadeRetry();
        }

        return true;
    }

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (S.CascadePending)
        {
            ScheduleCascadeRetry();
        }

        return Task.CompletedTask;
    }

    private void ScheduleCascadeRetry() =>
        _cascadeRetry ??= this.RegisterGrainTimer(async () =>
        {
            await FinishDestroyAsync();
            _cascadeRetry?.Dispose();
            _cascadeRetry = null;
        }, new GrainTimerCreationOptions(TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(30)) { KeepAlive = true });

    private async Task FinishDestroyAsync()
    {
        await RunDestroyCascadeAsync(this.GetPrimaryKeyLong(), S.Email);
        S.CascadePending = false;
        S.Email = "";
        await state.WriteStateAsync();
        DeactivateOnIdle();
    }

    /// <summary>
    /// The one place where destroying a user reaches into the rest of the system. Every step is idempotent,
    /// so a destroy that failed half-way is finished by calling it again. Other users' friend lists are not
    /// visited: they skip destroyed users when read (and forget them), since a user may be on millions of lists.
    /// </summary>
    private async Task RunDestroyCascadeAsync(long userId, string email)
    {
        // The friend list goes first: with it gone nobody else can see the user's pictures any more.
        await GrainFactory.GetGrain<IFriendListGrain>(userId).ClearAsync();
        await GrainFactory.GetGrain<IUserPicturesGrain>(userId).DeleteAllAsync();
        var pictures = await chats.PicturesWithChatsOfAsync(userId);
        await Task.WhenAll(pictures.Select(picId => GrainFactory.GetGrain<IChatRoomGrain>(picId).DeleteChatsOfUserAsync(userId)));

        // Freeing the email last means it can be registered again only once the old account is gone.
        await GrainFactory.GetGrain<IEmailIndexGrain>(email).ReleaseAsync(userId);
    }

    private void AddSession(string sessionHash)
    {
        while (S.Sessions.Count >= MaxSessions)
        {
            S.Sessions.Remove(S.Sessions.MinBy(s => s.Value).Key);
        }

        S.Sessions[sessionHash] = DateTimeOffset.UtcNow;
    }
}
