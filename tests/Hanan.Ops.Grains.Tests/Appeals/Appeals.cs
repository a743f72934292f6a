using Hanan.Ops.Contracts.Appeals;

namespace Hanan.Ops.Grains.Tests.Appeals;

/// <summary>Builds valid, routed appeals for grain tests (the host's intake validates; grains receive routed appeals).</summary>
internal static class TestAppeals
{
    public static FileAppeal Routed(string key, string category = "general", string description = "小区门口路灯不亮",
        double latitude = 45.6, double longitude = 126.63) => new(
        key,
        Fingerprint: $"{category}|{description}",
        category,
        description,
        new GeoPoint(latitude, longitude),
        Address: null,
        GridCode: "230108001001001",
        CommunityCode: "230108001001",
        StreetCode: "230108001",
        PhotoRefs: [],
        Contact: null,
        AppealChannel.Citizen,
        new Actor("citizen-1", "citizen"));
}
