using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.DependencyInjection.Extensions;
using PicChat.Api.Auth;
using PicChat.Api.Chats;
using PicChat.Api.Cluster;
using PicChat.Api.Docs;
using PicChat.Api.Friends;
using PicChat.Api.Http;
using PicChat.Api.Pictures;
using PicChat.Api.Users;
using PicChat.ServiceDefaults;

namespace PicChat.Api;

/// <summary>The API's whole set-up, shared by <c>Program</c> and the integration tests.</summary>
public static class PicChatApi
{
    public const int MaxBodyBytes = 64 * 1024;

    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = args,
            ApplicationName = typeof(PicChatApi).Assembly.GetName().Name,
            ContentRootPath = AppContext.BaseDirectory,
        });
        builder.AddHostDefaults(typeof(PicChatApi).Assembly);
        configure?.Invoke(builder);

        ApiTopology.Configure(builder);

        // The HTTP/2 port first: it takes the API's own urls as they are, before the dashboard adds its port.
        var http2Port = CleartextHttp2.Configure(builder);
        var dashboard = DashboardEndpoint.Configure(builder);
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Limits.MaxRequestBodySize = MaxBodyBytes;
            kestrel.ConfigureEndpointDefaults(listen =>
            {
                // Kestrel's own error answers are rewritten only where they are HTTP/1.1 heads.
                if (!CleartextHttp2.TryApply(listen, http2Port))
                {
                    KestrelErrorBodies.Use(listen);
                }
            });
        });
        builder.Services.AddAuthentication(SessionAuthenticationHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, SessionAuthenticationHandler>(SessionAuthenticationHandler.SchemeName, null);
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<SessionCache>();
        builder.Services.AddSingleton<ReadCache>();
        builder.Services.AddSingleton<InstanceNotices>();
        builder.Services.AddHostedService(services => services.GetRequiredService<InstanceNotices>());
        builder.Services.AddAuthorization();
        RequestRefusal.Use(builder.Services);
        builder.Services.AddAuthRateLimit();
        builder.Services.AddPicChatOpenApi();
        builder.Services.AddSingleton<Passwords>();
        builder.Services.TryAddSingleton<IChatEventSource, ChatStreamSource>(); // tests may have put a lossy one first
        builder.Services.AddSingleton<PictureFeedRegistry>();
        builder.Services.AddSingleton<SubscriptionOpener>();
        builder.Services.AddSingleton<VisibilityChecks>();
        builder.Services.AddOptions<ChatSubscriptionOptions>().BindConfiguration(ChatSubscriptionOptions.Section);

        var app = builder.Build();
        dashboard.Use(app);
        app.UseMiddleware<ErrorHandlingMiddleware>();
        app.UseStatusCodePages(context => context.HttpContext.Response.StatusCode switch
        {
            400 => RequestRefusal.Of(context.HttpContext).ExecuteAsync(context.HttpContext),
            404 => new EndpointNotFound().ExecuteAsync(context.HttpContext),
            405 => new MethodNotAllowed().ExecuteAsync(context.HttpContext),
            _ => Task.CompletedTask,
        });
        app.UseAuthentication();
        app.UseMiddleware<RequestLogScope>();
        app.UseAuthorization();
        app.UseRateLimiter();

        app.MapUsersApi();
        app.MapFriendsApi();
        app.MapPicturesApi();
        app.MapChatsApi();
        app.MapPicChatHealth();
        app.MapPicChatDocs();
        dashboard.Map(app);
        return app;
    }
}
