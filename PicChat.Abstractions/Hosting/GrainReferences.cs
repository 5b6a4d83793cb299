namespace PicChat.Abstractions.Hosting;

/// <summary>
/// Grain references as <c>GetGrain&lt;T&gt;(key)</c> makes them, without its per-call cost: Orleans resolves the
/// interface's type name by reflection on every call (attributes, then type-name formatting, about 4 µs, more
/// than the session check it stands beside). The names are the same for every host in the process, since they
/// follow from the code alone, so they are resolved once per interface, by Orleans, from a first reference.
/// </summary>
public static class GrainReferences
{
    public static TGrain Grain<TGrain>(this IGrainFactory grains, long key) where TGrain : IGrainWithIntegerKey =>
        Names<TGrain>.Resolved is { } names
            ? (TGrain)grains.GetGrain(GrainId.Create(names.Type, GrainIdKeyExtensions.CreateIntegerKey(key)), names.Interface)
            : Names<TGrain>.Remember(grains.GetGrain<TGrain>(key));

    public static TGrain Grain<TGrain>(this IGrainFactory grains, string key) where TGrain : IGrainWithStringKey =>
        Names<TGrain>.Resolved is { } names
            ? (TGrain)grains.GetGrain(GrainId.Create(names.Type, IdSpan.Create(key)), names.Interface)
            : Names<TGrain>.Remember(grains.GetGrain<TGrain>(key));

    private sealed record Resolution(GrainType Type, GrainInterfaceType Interface);

    private static class Names<TGrain>
    {
        // A reference, so that a thread sees both names or neither.
        public static volatile Resolution? Resolved;

        public static TGrain Remember(TGrain grain)
        {
            var reference = (GrainReference)(object)grain!;
            Resolved = new(reference.GrainId.Type, reference.InterfaceType);
            return grain;
        }
    }
}
