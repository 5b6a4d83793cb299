using PicChat.AppHost;

var builder = DistributedApplication.CreateBuilder(args);
builder.StopProjectsWithSigterm();
var settings = PicChatSettings.From(builder);

var database = builder.AddPicChatDatabase(settings);

var orleans = builder.AddOrleans("orleans")
    .WithClusterId("picchat")
    .WithServiceId("picchat")
    .WithClustering(database)
    .WithGrainStorage("picchat", database)
    .WithGrainStorage("PubSubStore", database)
    .WithReminders(database)
    .WithMemoryStreaming("chats");

// CoHosted: the API is itself silo 1 (its grains' calls stay in its process); the other silos are plain ones.
var coHosted = settings.CoHosted;
var plainSilos = coHosted ? settings.Silos - 1 : settings.Silos;
var silos = Enumerable.Range(1, plainSilos).Select(n => builder.AddProject<Projects.PicChat_Silo>($"silo-{n}")
    .AsSilo(orleans, database, settings.OrleansPorts(coHosted ? n : n - 1))
    .WithManagementEndpoint()).ToList();

var api = builder.AddProject<Projects.PicChat_Api>("api");
if (coHosted)
{
    api.AsSilo(orleans, database, settings.OrleansPorts(0))
        .WithEnvironment("PicChat__Topology", "CoHosted");
}
else
{
    api.WithReference(orleans.AsClient())
        .WithOrleansAdoNetSettings(orleans, database, silo: false)
        .WithReference(database)
        .WaitFor(database);
    silos.ForEach(silo => api.WaitFor(silo));
}

api.WithPublicHttpEndpoint(settings.ApiPort)
    .WithHttp2Port(settings.ApiHttp2Port)
    .WithOrleansDashboard(settings.OrleansDashboardPort);

builder.Build().Run();
