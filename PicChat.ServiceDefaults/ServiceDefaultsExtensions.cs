using System.Reflection;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using PicChat.ServiceDefaults.Database;
using PicChat.ServiceDefaults.Health;
using PicChat.ServiceDefaults.Telemetry;

namespace PicChat.ServiceDefaults;

/// <summary>Host wiring shared by the silo and the API, in the shape of Aspire's ServiceDefaults.</summary>
public static class ServiceDefaultsExtensions
{
    /// <summary>The connection string name, as Aspire would wire it: <c>ConnectionStrings__picchat</c>.</summary>
    public const string ConnectionName = "picchat";

    /// <summary>Health checks tagged with this make up <c>/health</c> (ready to serve).</summary>
    public const string ReadyTag = "ready";

    public static IHostApplicationBuilder AddServiceDefaults(this IHostApplicationBuilder builder)
    {
        builder.AddPicChatDatabaseTimeouts();
        builder.AddPicChatTelemetry();
        builder.AddPicChatDataSource();
        builder.Services.AddHealthChecks()
            .AddCheck<ClusterHealthCheck>("cluster", tags: [ReadyTag]);
        builder.Services.AddSingleton<ClusterHealthCheck>();
        return builder;
    }

    /// <summary>
    /// OpenTelemetry logs, traces and metrics of ASP.NET Core, HttpClient, Orleans and the runtime (Npgsql's are
    /// added by Aspire.Npgsql, see <see cref="PicChatDataSource"/>),
    /// exported over OTLP whenever <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set (the Aspire dashboard, or any
    /// collector); <c>OTEL_SERVICE_NAME</c> names the resource.
    /// </summary>
    /// <summary>Enough for every request an operator makes by hand, and a bounded cost under load.</summary>
    public const int DefaultTracesPerSecond = 20;

    public static IHostApplicationBuilder AddPicChatTelemetry(this IHostApplicationBuilder builder)
    {
        builder.Logging.AddOpenTelemetry(logging =>
        {
            logging.IncludeFormattedMessage = true;
            logging.IncludeScopes = true;
        });

        var telemetry = builder.Services.AddOpenTelemetry()
            .WithMetrics(metrics => metrics
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddRuntimeInstrumentation()
                .AddMeter("Microsoft.Orleans"))
            .WithTracing(tracing => tracing
                .SetSampler(RequestRootedSampler.ForRequests(
                    builder.Configuration.GetValue(RequestRootedSampler.TracesPerSecondKey, DefaultTracesPerSecond)))
                .AddSource(builder.Environment.ApplicationName)
                .AddSource("Microsoft.Orleans.Runtime")
                .AddSource("Microsoft.Orleans.Application")
                .AddAspNetCoreInstrumentation(aspnet =>
                    // Health probes and SSE heartbeats would drown the interesting traces.
                    aspnet.Filter = context => !context.Request.Path.StartsWithSegments("/health") && !context.Request.Path.StartsWithSegments("/alive"))
                .AddHttpClientInstrumentation());

        if (!string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]))
        {
            telemetry.UseOtlpExporter();
        }

        return builder;
    }

    /// <summary>
    /// <c>/alive</c>: the process runs (no dependency checked, so a database outage never restarts it);
    /// <c>/health</c>: ready, meaning PostgreSQL answers and the Orleans cluster answers.
    /// </summary>
    public static IEndpointRouteBuilder MapPicChatHealth(this IEndpointRouteBuilder app)
    {
        app.MapHealthChecks("/alive", new HealthCheckOptions { Predicate = _ => false });
        app.MapHealthChecks("/health", new HealthCheckOptions { Predicate = check => check.Tags.Contains(ReadyTag) });
        return app;
    }

    /// <summary>
    /// Applies PicChat's PostgreSQL schema at start-up: the migrations of PicChat.ServiceDefaults (Orleans' tables)
    /// and of <paramref name="migrationAssemblies"/> (see <see cref="SchemaMigrator"/>). Call before adding Orleans.
    /// </summary>
    public static IHostApplicationBuilder AddPicChatSchema(this IHostApplicationBuilder builder, params Assembly[] migrationAssemblies)
    {
        var migrations = SchemaMigrator.Discover(migrationAssemblies);
        builder.Services.AddHostedService(services => new SchemaMigrationService(services.GetRequiredService<Npgsql.NpgsqlDataSource>(),
            services.GetRequiredService<ILogger<SchemaMigrationService>>(), migrations, TimeProvider.System));
        return builder;
    }

    public static string GetPicChatConnectionString(this IConfiguration configuration) =>
        configuration.GetConnectionString(ConnectionName) is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException(
                $"No PostgreSQL connection string: set ConnectionStrings__{ConnectionName} (or run through PicChat.AppHost).");
}
