using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

// In-process: the benchmark starts PostgreSQL, a silo and the API itself, once per parameter value.
var config = DefaultConfig.Instance.AddJob(Job.Default
    .WithToolchain(InProcessEmitToolchain.Instance)
    .WithWarmupCount(3)
    .WithIterationCount(10));
BenchmarkSwitcher.FromAssembly(typeof(PicChat.Benchmarks.ChatBenchmarks).Assembly).Run(args, config);
