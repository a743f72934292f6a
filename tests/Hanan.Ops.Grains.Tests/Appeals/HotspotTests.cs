using Hanan.Ops.Contracts.Appeals;
using Hanan.Ops.Domain.Appeals;
using Hanan.Ops.Storage.Tests;

namespace Hanan.Ops.Grains.Tests.Appeals;

/// <summary>The test routing table makes three appeals of one category within 200 m and 24 h a cluster.</summary>
public sealed class HotspotTests : IAsyncLifetime
{
    // About 50 m apart at 45.6°N; the far one is about 2 km away.
    private const double Lat = 45.6000, Lon = 126.6300, Step = 0.00045, FarLat = 45.6180;
    private readonly DistrictCluster _district = new();

    public Task InitializeAsync() => _district.InitializeAsync();

    public Task DisposeAsync() => _district.DisposeAsync();

    private ICaseGrain Case(string key) => _district.Client.GetGrain<ICaseGrain>(CaseIdentity.FromIdempotencyKey(key));

    private async Task File(string key, double latitude, double longitude = Lon) =>
        (await Case(key).File(TestAppeals.Routed(key, latitude: latitude, longitude: longitude))).Result.Should().Be(FilingResult.Created);

    [Fact]
    public async Task Three_appeals_of_one_category_close_together_make_every_one_of_them_hot()
    {
        await File("c1", Lat);
        await File("c2", Lat + Step);
        await File("far", FarLat);
        (await Case("c1").Get())!.Hot.Should().BeFalse("two appeals are not yet a cluster");

        await File("c3", Lat + (2 * Step));

        foreach (var key in new[] { "c1", "c2", "c3" })
        {
            await Eventually.HoldsAsync(async () => (await Case(key).Get())!.Hot, TimeSpan.FromSeconds(10), $"{key} is flagged hot");
            (await Case(key).Get())!.HotReason.Should().Be(nameof(HotReason.Cluster));
        }

        (await Case("far").Get())!.Hot.Should().BeFalse("it is 2 km from the others");
    }

    [Fact]
    public async Task A_new_appeal_near_an_open_case_of_its_category_is_offered_as_a_duplicate()
    {
        await File("first", Lat);
        // A minute later: which one is the original follows from the filing instants, not from which follow-up
        // reaches the hotspot watch first (at the same instant, the one heard of first would be the original).
        _district.Clock.Advance(TimeSpan.FromMinutes(1));
        await File("second", Lat + Step);

        await Eventually.HoldsAsync(async () => (await Case("second").Get())!.DuplicateCandidates.Count > 0, TimeSpan.FromSeconds(10),
            "the second appeal lists the first as a duplicate candidate");
        (await Case("second").Get())!.DuplicateCandidates.Should().Equal(CaseIdentity.FromIdempotencyKey("first"));
        (await Case("first").Get())!.DuplicateCandidates.Should().BeEmpty();
    }

    [Fact]
    public async Task An_earlier_case_heard_of_late_makes_the_later_one_its_duplicate_and_not_the_other_way_round()
    {
        await File("later", Lat);
        var later = (await Case("later").Get())!;
        var watch = _district.Client.GetGrain<ICategoryHotspotGrain>(later.CategoryCode);
        // The watch knows the later case (observing again is idempotent), whatever its own follow-up is doing.
        (await watch.Observe(later.Id, Lat, Lon, later.FiledAt)).DuplicateCandidates.Should().BeEmpty();

        // An earlier case of the same category, 50 m away, reaches the watch only now (filing raced).
        var earlier = Guid.NewGuid();
        var verdict = await watch.Observe(earlier, Lat + Step, Lon, later.FiledAt.AddMinutes(-1));

        verdict.DuplicateCandidates.Should().BeEmpty("the earlier case duplicates nothing that was filed after it");
        await Eventually.HoldsAsync(async () => (await Case("later").Get())!.DuplicateCandidates.Contains(earlier), TimeSpan.FromSeconds(10),
            "the later case is offered the earlier one");
        (await Case("later").Get())!.DuplicateCandidates.Should().Equal(earlier);
    }
}
