using Microsoft.Extensions.DependencyInjection;
using Orleans.Storage;

namespace PicChat.Grains.Hosting;

/// <summary>
/// Orleans' grain storage (the ADO.NET provider, configured under <c>Orleans:GrainStorage</c>) behind the
/// <see cref="StoreBoundary"/>: its reads and writes fail with PicChat's storage exceptions. That matters most
/// where no call filter runs: a grain whose state cannot be loaded fails its activation, and that failure goes
/// to the caller (another silo, or the API) as it is, which must not need the driver's types to read it.
/// </summary>
internal sealed class BoundaryGrainStorage(IGrainStorage store) : IGrainStorage, ILifecycleParticipant<ISiloLifecycle>
{
    /// <summary>Puts every grain storage registered so far (by name, as Orleans registers them) behind the boundary.</summary>
    public static void Wrap(IServiceCollection services)
    {
        for (var i = 0; i < services.Count; i++)
        {
            if (services[i] is { ServiceType: var type, IsKeyedService: true, KeyedImplementationFactory: { } create } registered
                && type == typeof(IGrainStorage))
            {
                services[i] = ServiceDescriptor.KeyedSingleton<IGrainStorage>(registered.ServiceKey,
                    (provider, key) => new BoundaryGrainStorage((IGrainStorage)create(provider, key)));
            }
        }
    }

    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        StoreBoundary.ReadAsync(async () =>
        {
            await store.ReadStateAsync(stateName, grainId, grainState);
            return true;
        });

    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState, CancellationToken cancellationToken) =>
        StoreBoundary.ReadAsync(async () =>
        {
            await store.ReadStateAsync(stateName, grainId, grainState, cancellationToken);
            return true;
        });

    public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        StoreBoundary.WriteAsync(() => store.WriteStateAsync(stateName, grainId, grainState));

    public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState, CancellationToken cancellationToken) =>
        StoreBoundary.WriteAsync(() => store.WriteStateAsync(stateName, grainId, grainState, cancellationToken));

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        StoreBoundary.WriteAsync(() => store.ClearStateAsync(stateName, grainId, grainState));

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState, CancellationToken cancellationToken) =>
        StoreBoundary.WriteAsync(() => store.ClearStateAsync(stateName, grainId, grainState, cancellationToken));

    /// <summary>The provider initializes itself (reads its queries) in the silo's lifecycle.</summary>
    public void Participate(ISiloLifecycle lifecycle) => (store as ILifecycleParticipant<ISiloLifecycle>)?.Participate(lifecycle);
}
