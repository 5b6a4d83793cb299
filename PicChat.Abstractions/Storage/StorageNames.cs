namespace PicChat.Abstractions.Storage;

/// <summary>Names of the grain storage providers, configured under <c>Orleans:GrainStorage</c>.</summary>
public static class StorageNames
{
    /// <summary>The store for every PicChat grain's state (ADO.NET on PostgreSQL in production).</summary>
    public const string PicChat = "picchat";
}
