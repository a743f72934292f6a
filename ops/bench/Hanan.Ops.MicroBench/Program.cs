using BenchmarkDotNet.Running;

// Micro-benchmarks of the pure hot paths. Arguments go to BenchmarkDotNet (e.g. --filter '*Lookup*', --job short).
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
