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

var silos = Enumerable.Range(1, settings.Silos).Select(n => builder.AddProject<Projects.PicChat_Silo>($"silo-{n}")
    .WithReference(orleans)
    .WithStableOrleansEndpoints(settings.SiloPort + n - 1, settings.GatewayPort + n - 1)
    .WithOrleansAdoNetSettings(orleans, database, silo: true)
    .WithLoopbackAdvertising()
    .WithReference(database)
    .WaitFor(database)
    .WithManagementEndpoint()).ToList();

var api = builder.AddProject<Projects.PicChat_Api>("api")
    .WithReference(orleans.AsClient())
    .WithOrleansAdoNetSettings(orleans, database, silo: false)
    .WithReference(database)
    .WaitFor(database)
    .WithPublicHttpEndpoint(settings.ApiPort)
    .WithHttp2Port(settings.ApiHttp2Port)
    .WithOrleansDashboard(settings.OrleansDashboardPort);
silos.ForEach(silo => api.WaitFor(silo));

builder.Build().Run();
