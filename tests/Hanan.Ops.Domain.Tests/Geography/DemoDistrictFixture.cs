using System.Diagnostics;
using Hanan.Ops.Domain.Geography;

namespace Hanan.Ops.Domain.Tests.Geography;

/// <summary>The default demo map, generated once for all geography tests.</summary>
public sealed class DemoDistrictFixture
{
    public DemoDistrictFixture()
    {
        var stopwatch = Stopwatch.StartNew();
        Map = DemoDistrict.Generate();
        GenerationTime = stopwatch.Elapsed;
    }

    public DistrictMap Map { get; }

    /// <summary>First generation in the process, so it includes JIT compilation.</summary>
    public TimeSpan GenerationTime { get; }
}

[CollectionDefinition(Name)]
public sealed class DemoDistrictCollection : ICollectionFixture<DemoDistrictFixture>
{
    public const string Name = "Demo district";
}
