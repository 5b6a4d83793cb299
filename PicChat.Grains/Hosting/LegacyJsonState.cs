using System.Text;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;
using Newtonsoft.Json.Serialization;
using Orleans.Serialization;
using PicChat.Grains.Pictures;
using PicChat.Grains.Users;

namespace PicChat.Grains.Hosting;

/// <summary>
/// Reads rows written before <see cref="GrainStateSerializer"/>, by ADO.NET storage's default serializer (Orleans'
/// Newtonsoft JSON settings, a .NET type name on every object), into today's types. Reading only: every write
/// is in the new format. The one place that knows the old shapes:
/// <list type="bullet">
/// <item>types that moved since: a friend-list entry was <c>PicChat.Grains.Friends.FriendEntry</c>;</item>
/// <item>flags that became a lifecycle: a user's <c>Exists</c>/<c>Destroyed</c>/<c>CascadePending</c>, a
/// picture's <c>Exists</c>/<c>Deleted</c>.</item>
/// </list>
/// Needed while any such row is left. A row is rewritten only when its grain writes, and some never do again
/// (a destroyed user's tombstone, an email index entry), so count them before removing this:
/// <c>SELECT count(*) FROM orleans_storage WHERE substring(payload FROM 1 FOR 7) = '{"$id":'::bytea</c>
/// (docs/operating.md).
/// </summary>
public sealed class LegacyJsonState
{
    private static readonly byte[] Start = "{\"$id\":"u8.ToArray();

    private readonly JsonSerializerSettings _settings;

    public LegacyJsonState(IServiceProvider services)
    {
        // The settings those rows were written with; only the binder learns the names of moved types.
        _settings = OrleansJsonSerializerSettings.GetDefaultSerializerSettings(services);
        _settings.SerializationBinder = new MovedTypes(_settings.SerializationBinder!);
    }

    /// <summary>
    /// Those rows start with the root object's reference id (the settings preserve references); the binary format
    /// starts with a field header, never with these seven bytes of text.
    /// </summary>
    public static bool IsLegacy(BinaryData row) => row.ToMemory().Span.StartsWith(Start);

    public T? Read<T>(BinaryData row)
    {
        var text = row.ToString();
        var state = (T?)JsonConvert.DeserializeObject(text, typeof(T), _settings);
        switch (state)
        {
            case UserState user:
                var u = Flags(text);
                user.Lifecycle = u.Destroyed ? (u.CascadePending ? UserLifecycle.Destroying : UserLifecycle.Destroyed)
                    : u.Exists ? UserLifecycle.Registered : UserLifecycle.None;
                break;
            case PictureState picture:
                var p = Flags(text);
                picture.Lifecycle = p.Deleted ? PictureLifecycle.Deleted : p.Exists ? PictureLifecycle.Created : PictureLifecycle.None;
                break;
        }

        return state;
    }

    /// <summary>The old flags of the root object; the settings left out those that were false.</summary>
    private static (bool Exists, bool Destroyed, bool CascadePending, bool Deleted) Flags(string text)
    {
        using var reader = new JsonTextReader(new StringReader(text)) { DateParseHandling = DateParseHandling.None };
        var root = JObject.Load(reader);
        bool Flag(string name) => root.Value<bool?>(name) ?? false;
        return (Flag("Exists"), Flag("Destroyed"), Flag("CascadePending"), Flag("Deleted"));
    }

    /// <summary>Old names of moved types, anywhere in a stored type name (also as a generic argument).</summary>
    private sealed class MovedTypes(ISerializationBinder inner) : ISerializationBinder
    {
        private static readonly (string Old, string Current)[] Renames =
        [
            ("PicChat.Grains.Friends.FriendEntry, PicChat.Grains", NameOf(typeof(Abstractions.Friends.FriendEntry))),
        ];

        public Type BindToType(string? assemblyName, string typeName)
        {
            var name = new StringBuilder(string.IsNullOrEmpty(assemblyName) ? typeName : $"{typeName}, {assemblyName}");
            foreach (var (old, current) in Renames)
            {
                name.Replace(old, current);
            }

            return inner.BindToType(null, name.ToString());
        }

        public void BindToName(Type serializedType, out string? assemblyName, out string? typeName) =>
            throw new NotSupportedException("Rows are written by GrainStateSerializer, never in the old format.");

        private static string NameOf(Type type) => $"{type.FullName}, {type.Assembly.GetName().Name}";
    }
}
