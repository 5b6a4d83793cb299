using Microsoft.Extensions.Logging;
using PicChat.Abstractions.Chats;
using PicChat.Abstractions.Friends;
using PicChat.Abstractions.Pictures;
using PicChat.Abstractions.Storage;
using PicChat.Abstractions.Access;
using PicChat.Abstractions.Users;
using PicChat.Grains.Hosting;
using PicChat.Abstractions.Hosting;

namespace PicChat.Grains.Users;

public sealed class UserGrain(
    [PersistentState("user", StorageNames.PicChat)] IPersistentState<UserState> state,
    IProfileDirectory directory,
    TimeProvider time,
    ILogger<UserGrain> logger) : Grain, IUserGrain, IRemindable
{
    private readonly WriteVersions _directoryVersions = new(time);

    /// <summary>The durable retry of a destroy's clean-up: it survives this activation and this silo.</summary>
    private const string CascadeReminder = "destroy-cascade";

    /// <summary>Bounds the state; a user past it loses the oldest session, as if it had expired.</summary>
    public const int MaxSessions = 50;

    public async Task<bool> CreateAsync(string email, string passwordHash, DateTimeOffset createdAt)
    {
        if (state.State.Lifecycle != UserLifecycle.None)
        {
            return false;
        }

        state.State = new UserState { Lifecycle = UserLifecycle.Registered, Email = email, PasswordHash = passwordHash, CreatedAt = createdAt };
        await state.WriteStateAsync();
        await TryListAsync();
        try
        {
            await GrainFactory.Grain<IFriendListGrain>(this.GetPrimaryKeyLong()).CreateAsync();
        }
        catch (Exception ex)
        {
            // Only a cost: until the list is started, readers ask it directly whether it holds them.
            logger.LogWarning(ex, "Starting the friend list of new user {UserId} failed", this.GetPrimaryKeyLong());
        }

        return true;
    }

    public Task<UserProfile?> GetProfileAsync() => Task.FromResult(Profile);

    public Task RelistProfileAsync() => TryListAsync();

    public Task<string?> GetPasswordHashAsync() => Task.FromResult(state.State.IsRegistered ? state.State.PasswordHash : null);

    public async Task<bool> OpenSessionAsync(string sessionHash)
    {
        if (!state.State.IsRegistered)
        {
            return false;
        }

        var evicted = AddSession(sessionHash);
        await state.WriteStateAsync();
        foreach (var hash in evicted)
        {
            await EndSessionsEverywhereAsync(hash);
        }

        return true;
    }

    public Task<DateTimeOffset?> GetSessionEndAsync(string sessionHash) => Task.FromResult(
        state.State.IsRegistered && state.State.Sessions.TryGetValue(sessionHash, out var opened)
            && time.GetUtcNow() - opened < IUserGrain.SessionLifetime
            ? opened + IUserGrain.SessionLifetime
            : (DateTimeOffset?)null);

    public async Task CloseSessionAsync(string sessionHash)
    {
        if (state.State.Sessions.Remove(sessionHash))
        {
            await state.WriteStateAsync();
            await EndSessionsEverywhereAsync(sessionHash);
        }
    }

    public async Task<bool> ChangePasswordAsync(string expectedHash, string newHash, string newSessionHash)
    {
        if (!state.State.IsRegistered || state.State.PasswordHash != expectedHash)
        {
            return false;
        }

        state.State.PasswordHash = newHash;
        state.State.Sessions.Clear();
        AddSession(newSessionHash);
        await state.WriteStateAsync();
        await EndSessionsEverywhereAsync(null); // the new session is in no cache yet
        return true;
    }

    public async Task<UserProfile?> UpdateInfoAsync(string? avatar, string? mobile)
    {
        if (!state.State.IsRegistered)
        {
            return null;
        }

        // Unlisted before the change, so that the directory never shows a value that was not stored, nor one
        // replaced; it is listed again once the change is stored (or, should that fail, when next asked).
        await directory.UnlistAsync(this.GetPrimaryKeyLong(), _directoryVersions.Next());
        if (avatar is not null) state.State.Avatar = avatar.Length == 0 ? null : avatar;
        if (mobile is not null) state.State.Mobile = mobile.Length == 0 ? null : mobile;
        await state.WriteStateAsync();
        await GrainFactory.TellApiInstancesAsync(new ReadChange(ReadChangeKind.Profile, this.GetPrimaryKeyLong()), logger);
        await TryListAsync();
        return Profile;
    }

    public async Task<bool> DestroyAsync()
    {
        if (!state.State.IsRegistered)
        {
            return false;
        }

        // The retry is registered before anything is destroyed: from the moment the tombstone is stored,
        // something durable must finish the job, even if this silo dies the next instant. A reminder that finds
        // nothing to do removes itself.
        await Retries.EnsureAsync(this, CascadeReminder);
        await directory.UnlistAsync(this.GetPrimaryKeyLong(), _directoryVersions.Next());

        // The tombstone goes next: from here on every session check fails and the id cannot come back, so the
        // account is gone once this write succeeds. What hangs off it is removed next; if that fails, the
        // reminder finishes it.
        state.State = new UserState { Lifecycle = UserLifecycle.Destroying, Email = state.State.Email };
        await state.WriteStateAsync();
        await EndSessionsEverywhereAsync(null);
        await GrainFactory.TellApiInstancesAsync(new ReadChange(ReadChangeKind.Profile, this.GetPrimaryKeyLong()), logger);

        try
        {
            await FinishDestroyAsync();
        }
        catch (Exception ex)
        {
            logger.LogWarning(ex, "Clean-up after destroying user {UserId} failed; a reminder will retry it", this.GetPrimaryKeyLong());
        }

        return true;
    }

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        // A destroy registers its retry before it stores the tombstone, so a Destroying user has a reminder, except
        // one destroyed by a build from before the reminders (before commit 5880c6d, an in-memory timer then). Such a
        // row is in the old JSON format (Hosting/LegacyJsonState) and may still wait in a database kept since (the
        // AppHost keeps its data folder); this goes together with that reader, once no such row is left.
        if (state.State.Lifecycle == UserLifecycle.Destroying)
        {
            await Retries.EnsureAsync(this, CascadeReminder);
        }
    }

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (reminderName != CascadeReminder)
        {
            return;
        }

        if (state.State.Lifecycle == UserLifecycle.Destroying)
        {
            // A failure leaves the reminder in place for the next tick.
            await FinishDestroyAsync();
        }
        else
        {
            await Retries.RemoveAsync(this, CascadeReminder, logger);
        }
    }

    private async Task FinishDestroyAsync()
    {
        await RunDestroyCascadeAsync(this.GetPrimaryKeyLong(), state.State.Email);
        state.State.Lifecycle = UserLifecycle.Destroyed;
        state.State.Email = "";
        await state.WriteStateAsync();
        await Retries.RemoveAsync(this, CascadeReminder, logger);
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
        await GrainFactory.Grain<IFriendListGrain>(userId).ClearAsync();
        await GrainFactory.Grain<IUserPicturesGrain>(userId).DeleteAllAsync();
        await GrainFactory.Grain<IUserChatsGrain>(userId).DeleteAllAsync();

        // Freeing the email last means it can be registered again only once the old account is gone.
        await GrainFactory.Grain<IEmailIndexGrain>(email).ReleaseAsync(userId);
    }

    private UserProfile? Profile => state.State.IsRegistered
        ? new UserProfile(this.GetPrimaryKeyLong(), state.State.Email, state.State.Avatar, state.State.Mobile, state.State.CreatedAt)
        : null;

    /// <summary>
    /// Writes the stored profile into the directory. A failure leaves the row missing, which readers answer
    /// from this grain instead; the change itself is stored, so the caller hears of success.
    /// </summary>
    private async Task TryListAsync()
    {
        if (Profile is not { } profile)
        {
            return;
        }

        try
        {
            await directory.ListAsync(profile, _directoryVersions.Next());
        }
        catch (Exception ex)
        {
            logger.LogWarning(ex, "Listing user {UserId} in the profile directory failed; it is read from its grain until listed", profile.UserId);
        }
    }

    /// <summary>Adds a session; answers the oldest ones it pushed out to stay within <see cref="MaxSessions"/>.</summary>
    private List<string> AddSession(string sessionHash)
    {
        var evicted = new List<string>();
        while (state.State.Sessions.Count >= MaxSessions)
        {
            var oldest = state.State.Sessions.MinBy(s => s.Value).Key;
            state.State.Sessions.Remove(oldest);
            evicted.Add(oldest);
        }

        state.State.Sessions[sessionHash] = time.GetUtcNow();
        return evicted;
    }

    /// <summary>
    /// After the state says a session ended: API instances that remember it as valid forget it before the caller
    /// hears "done". The state is the truth; should the broadcast fail, instances forget within their cache's
    /// lifetime, and any instance that missed it learns so at its next renewal.
    /// </summary>
    private async Task EndSessionsEverywhereAsync(string? sessionHash)
    {
        try
        {
            await GrainFactory.Grain<IApiInstancesGrain>(0).EndSessionsAsync(this.GetPrimaryKeyLong(), sessionHash);
        }
        catch (Exception ex)
        {
            logger.LogWarning(ex, "Telling API instances that sessions of user {UserId} ended failed", this.GetPrimaryKeyLong());
        }
    }
}
