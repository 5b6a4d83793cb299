using PicChat.Abstractions.Access;

namespace PicChat.Grains.Users;

/// <summary>
/// What an <see cref="ApiInstancesGrain"/> stores: the instances subscribed to it, so that an activation that
/// replaces it (its silo stopped or died) tells them from its first notice on, instead of reaching nobody until
/// each renews.
/// </summary>
[GenerateSerializer, Alias("picchat.ApiInstancesState")]
public sealed class ApiInstancesState
{
    [Id(0)] public List<IApiInstanceObserver> Instances { get; set; } = [];
}
