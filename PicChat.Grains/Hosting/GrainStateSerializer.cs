using Orleans.Serialization;
using Orleans.Storage;

namespace PicChat.Grains.Hosting;

/// <summary>
/// How every grain storage of the silo (<c>picchat</c> and <c>PubSubStore</c> on ADO.NET, memory storage in tests)
/// turns state into a row. It writes Orleans' own binary format, which stores members by their <c>[Id]</c> and
/// names a type, where one must be named, by its <c>[Alias]</c>: a stored type may be renamed or moved, members
/// may be added (new ids) or dropped (ids never reused). Orleans' own state types (PubSub's) are
/// <c>[GenerateSerializer]</c> types too. ADO.NET storage's default (Newtonsoft JSON) wrote every object's .NET
/// type name instead; rows it wrote are still read, by <see cref="LegacyJsonState"/>, and each is rewritten in
/// this format the next time its grain writes.
/// </summary>
public sealed class GrainStateSerializer(Serializer serializer, IServiceProvider services) : IGrainStorageSerializer
{
    private readonly OrleansGrainStorageSerializer _current = new(serializer);
    private readonly Lazy<LegacyJsonState> _legacy = new(() => new LegacyJsonState(services));

    public BinaryData Serialize<T>(T? input) => _current.Serialize(input);

    public T? Deserialize<T>(BinaryData input) =>
        LegacyJsonState.IsLegacy(input) ? _legacy.Value.Read<T>(input) : _current.Deserialize<T>(input);
}
