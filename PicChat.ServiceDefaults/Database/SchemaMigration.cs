namespace PicChat.ServiceDefaults.Database;

/// <summary>One numbered schema script, as found in an assembly (see <see cref="SchemaMigrator.Discover"/>).</summary>
public sealed record SchemaMigration(int Version, string Name, string Sql);
