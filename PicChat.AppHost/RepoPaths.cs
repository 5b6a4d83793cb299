namespace PicChat.AppHost;

/// <summary>Finds the repository and the build output of the projects the AppHost runs.</summary>
public static class RepoPaths
{
    /// <summary>The folder with PicChat.sln, above this program's build output (or the current folder).</summary>
    public static string FindRoot()
    {
        foreach (var start in new[] { AppContext.BaseDirectory, Directory.GetCurrentDirectory() })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "PicChat.sln")))
                {
                    return dir.FullName;
                }
            }
        }

        return Directory.GetCurrentDirectory();
    }

    /// <summary>
    /// The built entry assembly of a sibling project, in the same configuration as this AppHost
    /// (the AppHost references the projects, so building it builds them).
    /// </summary>
    public static string ProjectAssembly(string repoRoot, string project)
    {
        // BaseDirectory is .../PicChat.AppHost/bin/{Configuration}/net10.0/
        var configuration = new DirectoryInfo(Path.TrimEndingDirectorySeparator(AppContext.BaseDirectory)).Parent?.Name ?? "Debug";
        var path = Path.Combine(repoRoot, project, "bin", configuration, "net10.0", project + ".dll");
        return File.Exists(path)
            ? path
            : throw new ClusterStartException($"{path} is missing: build the solution first (dotnet build).");
    }
}

public sealed class ClusterStartException(string message) : Exception(message);
