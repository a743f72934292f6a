using System.Buffers;
using System.Text.Json;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using Hanan.Ops.Contracts.Appeals;
using Hanan.Ops.Domain.Appeals;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;

namespace Hanan.Ops.MicroBench;

/// <summary>
/// The hottest message: <see cref="CaseActivity"/>, published on the case-activity stream for every change of every
/// case, serialised by Orleans between silos; and its JSON form as SignalR sends it to screens. System.Text.Json
/// both ways is the baseline of each direction.
/// </summary>
[MemoryDiagnoser]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class MessageSerializationBenchmarks
{
    private static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web);
    private ServiceProvider services = null!;
    private Serializer<CaseActivity> serializer = null!;
    private CaseActivity activity = null!;
    private byte[] encoded = [];
    private byte[] json = [];
    private readonly ArrayBufferWriter<byte> buffer = new(4096);

    [GlobalSetup]
    public void Setup()
    {
        services = new ServiceCollection().AddSerializer(b => b.AddAssembly(typeof(CaseActivity).Assembly)).BuildServiceProvider();
        serializer = services.GetRequiredService<Serializer<CaseActivity>>();
        var at = new DateTimeOffset(2026, 11, 26, 9, 30, 0, TimeSpan.FromHours(8));
        var summary = new CaseSummary(
            Guid.Parse("5d3f2c1a-8b7e-4f60-9a21-0c4b5e6d7f80"), "HN-2026-000123", 3, CaseStatus.InProgress, "road-damage", "urban-management",
            [
                new AssignmentSummary("urban-management", AssignmentRole.Lead, AssignmentStatus.Claimed, "officer-017", at.AddMinutes(-5), at.AddHours(2), null, at.AddMinutes(-5)),
                new AssignmentSummary("transport", AssignmentRole.CoHandler, AssignmentStatus.Open, null, null, at.AddHours(2), null),
            ],
            "230108001001003", "230108001001", "230108001", 45.6071, 126.6372, false, false, "citizen",
            "友协大街与新疆大街交口南侧人行道塌陷，约一米见方，夜间无警示，行人容易踩空。", at.AddMinutes(-20), at.AddDays(7), null, null,
            null, 0, 0, 1, null, at);
        activity = new CaseActivity(summary.Id, summary.Number, 3, "claimed", "城管局 officer-017 签收", at, new Actor("officer-017", "officer"), summary);
        encoded = serializer.SerializeToArray(activity);
        json = JsonSerializer.SerializeToUtf8Bytes(activity, Web);
    }

    [GlobalCleanup]
    public void Cleanup() => services.Dispose();

    [Benchmark(Description = "Orleans serialize CaseActivity")]
    [BenchmarkCategory("serialize")]
    public int OrleansSerialize()
    {
        buffer.ResetWrittenCount();
        serializer.Serialize(activity, buffer);
        return buffer.WrittenCount;
    }

    [Benchmark(Description = "Orleans deserialize CaseActivity")]
    [BenchmarkCategory("deserialize")]
    public CaseActivity? OrleansDeserialize() => serializer.Deserialize(encoded);

    [Benchmark(Baseline = true, Description = "baseline: JSON (SignalR) serialize CaseActivity")]
    [BenchmarkCategory("serialize")]
    public int JsonSerialize()
    {
        buffer.ResetWrittenCount();
        using var writer = new Utf8JsonWriter(buffer);
        JsonSerializer.Serialize(writer, activity, Web);
        return buffer.WrittenCount;
    }

    [Benchmark(Baseline = true, Description = "baseline: JSON deserialize CaseActivity")]
    [BenchmarkCategory("deserialize")]
    public CaseActivity? JsonDeserialize() => JsonSerializer.Deserialize<CaseActivity>(json, Web);
}
