using Aspire.Hosting.Orleans;

namespace PicChat.AppHost;

/// <summary>
/// Everything PicChat's AppHost says about Orleans' ADO.NET providers, in one place. Aspire's Orleans
/// integration tells each process a provider type (taken from the resource's type unless the resource declares
/// one) and a connection string; Orleans' ADO.NET providers also need the ADO.NET invariant and the name of the
/// connection string to use.
/// </summary>
public static class OrleansAdoNet
{
    public const string ProviderType = "AdoNet";
    public const string Invariant = "Npgsql";

    /// <summary>Declares the database as an ADO.NET provider; call before handing it to <c>WithClustering</c>.</summary>
    public static IResourceBuilder<T> AsOrleansAdoNetProvider<T>(this IResourceBuilder<T> database)
        where T : IResourceWithConnectionString => database.WithOrleansProviderType(ProviderType);

    /// <summary>Invariant and connection name for clustering and, on silos, for every grain storage and reminders.</summary>
    public static IResourceBuilder<T> WithOrleansAdoNetSettings<T>(this IResourceBuilder<T> process, OrleansService orleans,
        IResourceBuilder<IResourceWithConnectionString> database, bool silo)
        where T : IResourceWithEnvironment
    {
        List<string> sections = ["Clustering"];
        if (silo)
        {
            sections.AddRange(orleans.GrainStorage.Keys.Select(name => $"GrainStorage__{name}"));
            if (orleans.Reminders is not null)
            {
                sections.Add("Reminders");
            }
        }

        foreach (var section in sections)
        {
            process.WithEnvironment($"Orleans__{section}__Invariant", Invariant)
                .WithEnvironment($"Orleans__{section}__ConnectionName", database.Resource.Name);
        }

        return process;
    }
}
