namespace PicChat.Abstractions.Users;

/// <summary>How a reserved login attempt ended.</summary>
public enum LoginOutcome
{
    Failed,
    /// <summary>The right password: earlier failures under this key are forgotten.</summary>
    Succeeded,
    /// <summary>The client left before the answer, or the server failed: nothing was learned, nothing counts.</summary>
    Abandoned,
}
