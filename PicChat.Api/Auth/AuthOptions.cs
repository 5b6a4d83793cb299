namespace PicChat.Api.Auth;

/// <summary>Limits of logins, registrations and password checks, bound from the <c>PicChat:Auth</c> configuration section.</summary>
public sealed class AuthOptions
{
    public const string Section = "PicChat:Auth";

    public const string FailedLoginsPerClientKey = Section + ":" + nameof(FailedLoginsPerClient);
    public const string AttemptsPerClientPerMinuteKey = Section + ":" + nameof(AttemptsPerClientPerMinute);
    public const string PasswordQueuePerCoreKey = Section + ":" + nameof(PasswordQueuePerCore);

    /// <summary>Failed logins one client address may have per <see cref="LoginThrottle.Window"/>, over all accounts.</summary>
    public int FailedLoginsPerClient { get; set; } = 20;

    /// <summary>Failed logins for one account from one client address per <see cref="LoginThrottle.Window"/>.</summary>
    public int FailedLoginsPerAccountAndClient { get; set; } = 5;

    /// <summary>Registrations one client address may make per minute, counted by each API instance.</summary>
    public int AttemptsPerClientPerMinute { get; set; } = 120;

    /// <summary>Password checks that may wait for a core, per core, before the server answers 503.</summary>
    public int PasswordQueuePerCore { get; set; } = 16;
}
