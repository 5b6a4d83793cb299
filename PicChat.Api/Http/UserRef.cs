namespace PicChat.Api.Http;

/// <summary>A reference to a user as the contract allows it: a numeric id or an email (normalized).</summary>
public readonly record struct UserRef(long? Id, string? Email)
{
    public override string ToString() => Id?.ToString() ?? Email ?? "";
}
