using System.Globalization;
using Hanan.Ops.Contracts.Residents;
using Hanan.Ops.Domain.Identity;
using Hanan.Ops.Domain.Population;
using Hanan.Ops.Domain.Privacy;

namespace Hanan.Ops.Storage.Tests.Residents;

/// <summary>The behaviour every <see cref="IResidentReadModel"/> must show; each implementation runs it with an empty model per test.</summary>
public abstract class ResidentReadModelContract : IAsyncLifetime
{
    public const string GridA = "230108001001001";
    public const string GridB = "230108001001002";
    private static readonly DateOnly Today = new(2026, 3, 10);

    private IResidentReadModel? model;

    protected IResidentReadModel Model => model ?? throw new InvalidOperationException("The test is not initialised.");

    protected abstract Task<IResidentReadModel> CreateEmptyAsync();

    public async Task InitializeAsync() => model = await CreateEmptyAsync();

    public async Task DisposeAsync()
    {
        if (model is IAsyncDisposable disposable)
        {
            await disposable.DisposeAsync();
        }
    }

    /// <summary>The ID number of test resident <paramref name="n"/>: born 1950-01-01 plus n days, sequence 001 (male).</summary>
    public static CitizenIdNumber IdNumberOf(int n)
    {
        var first17 = string.Create(CultureInfo.InvariantCulture, $"230108{new DateOnly(1950, 1, 1).AddDays(n):yyyyMMdd}001");
        return CitizenIdNumber.Parse(first17 + CitizenIdNumber.ComputeCheckCharacter(first17), Today);
    }

    /// <summary>Test resident <paramref name="n"/>, sealed with the development keys, living in room 101 of building n of a grid.</summary>
    public static ResidentRecord NewResident(int n, string gridCode = GridA, string name = "张伟", ResidentTags tags = ResidentTags.None,
        Registration registration = Registration.Registered, int unit = 1)
    {
        var protector = CitizenIdProtector.Development;
        var id = IdNumberOf(n);
        var phone = MobilePhoneNumber.Parse(string.Create(CultureInfo.InvariantCulture, $"138{n:D8}"));
        return new ResidentRecord(
            new Guid(n, 0, 0, [0, 0, 0, 0, 0, 0, 0, 1]), protector.LookupKey(id), protector.Seal(id), id.Masked, name, id.Sex, id.BirthDate,
            Place.BuildingId(gridCode, n % 1000), unit, 101, registration, tags, protector.Seal(phone), phone.Masked,
            126.6 + (n / 1e5), 45.6, 1, new DateTimeOffset(2026, 3, 1, 0, 0, 0, TimeSpan.Zero));
    }

    [Fact]
    public async Task A_resident_comes_back_with_every_field()
    {
        var resident = NewResident(7, tags: ResidentTags.Disability | ResidentTags.LowIncome, registration: Registration.Floating);

        await Model.UpsertResidentsAsync([resident]);

        var stored = await Model.GetResidentAsync(resident.Id);
        stored.Should().BeEquivalentTo(resident);
        CitizenIdProtector.Development.Open(stored!.SealedId).Should().Be(IdNumberOf(7));
        (await Model.GetResidentAsync(Guid.NewGuid())).Should().BeNull();
        (await Model.CountResidentsAsync()).Should().Be(1);
    }

    [Fact]
    public async Task The_ID_number_finds_the_resident_through_its_keyed_hash()
    {
        await Model.UpsertResidentsAsync([NewResident(1), NewResident(2)]);

        var found = await Model.FindByLookupAsync(CitizenIdProtector.Development.LookupKey(IdNumberOf(2)));

        found!.Id.Should().Be(NewResident(2).Id);
        (await Model.FindByLookupAsync(CitizenIdProtector.Development.LookupKey(IdNumberOf(3)))).Should().BeNull();
    }

    [Fact]
    public async Task A_newer_version_moves_the_resident_between_grids_and_an_older_one_changes_nothing()
    {
        var before = NewResident(1, tags: ResidentTags.Disability);
        var moved = before with { BuildingId = Place.BuildingId(GridB, 9), Version = 2 };
        await Model.UpsertResidentsAsync([before]);

        await Model.UpsertResidentsAsync([moved]);
        await Model.UpsertResidentsAsync([before]);

        (await Model.GetResidentAsync(before.Id))!.GridCode.Should().Be(GridB);
        (await Model.ResidentsInGridAsync(GridA)).Should().BeEmpty();
        (await Model.ResidentsInGridAsync(GridB)).Should().Equal(new ResidentFacts(before.Id, moved.HouseholdId, Registration.Registered, ResidentTags.Disability));
    }

    [Fact]
    public async Task Search_filters_by_name_prefix_grid_and_every_requested_tag()
    {
        await Model.UpsertResidentsAsync(
        [
            NewResident(1, name: "王秀英", tags: ResidentTags.ElderlyLivingAlone | ResidentTags.LowIncome),
            NewResident(2, name: "王伟", tags: ResidentTags.LowIncome),
            NewResident(3, GridB, name: "王%", tags: ResidentTags.LowIncome),
            NewResident(4, name: "李王", tags: ResidentTags.None),
        ]);

        (await Names(new ResidentSearch(NamePrefix: "王"))).Should().BeEquivalentTo("王秀英", "王伟", "王%");
        (await Names(new ResidentSearch(NamePrefix: "王%"))).Should().BeEquivalentTo(["王%"], "% is a character, not a wildcard");
        (await Names(new ResidentSearch(NamePrefix: "王", GridCode: GridA))).Should().BeEquivalentTo("王秀英", "王伟");
        (await Names(new ResidentSearch(Tags: ResidentTags.LowIncome | ResidentTags.ElderlyLivingAlone))).Should().Equal("王秀英");
        (await Names(new ResidentSearch(GridCode: "230108009009009"))).Should().BeEmpty();
    }

    [Fact]
    public async Task Search_pages_by_id_without_repeats_or_gaps()
    {
        await Model.UpsertResidentsAsync([.. Enumerable.Range(1, 25).Select(n => NewResident(n))]);

        var seen = new List<Guid>();
        Guid? after = null;
        do
        {
            var page = await Model.SearchAsync(new ResidentSearch(Limit: 10, After: after));
            page.Items.Count.Should().BeLessThanOrEqualTo(10);
            seen.AddRange(page.Items.Select(r => r.Id));
            after = page.NextAfter;
        }
        while (after is not null);

        seen.Should().OnlyHaveUniqueItems().And.HaveCount(25);
        seen.Select(id => id.ToString()).Should().BeInAscendingOrder(StringComparer.Ordinal);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(ResidentSearch.MaxLimit + 1)]
    public async Task A_limit_out_of_range_is_refused(int limit)
    {
        await Model.Invoking(m => m.SearchAsync(new ResidentSearch(Limit: limit))).Should().ThrowAsync<ArgumentException>();
    }

    [Fact]
    public async Task Places_things_and_organisations_are_kept_and_counted_per_grid()
    {
        var building = new Place(Place.BuildingId(GridA, 1), PlaceKind.ResidentialBuilding, "1号楼", GridA, 126.61, 45.61, 3, 6, 2);
        var shop = new Place(Place.BuildingId(GridA, 2), PlaceKind.Commercial, "商业楼", GridA, 126.612, 45.612, 1, 2, 0);
        var other = new Place(Place.BuildingId(GridB, 1), PlaceKind.House, "1号院", GridB, 126.62, 45.62, 1, 1, 0);
        var cover = new Component("2301080101000001", ComponentClass.PublicUtility, "上水井盖", GridA, 126.611, 45.611);
        var firm = new LegalPerson(UnifiedSocialCreditCode.Parse("91230184MA1BUFLT44"), "哈尔滨某有限公司", GridA, 126.612, 45.612, shop.Id);
        await Model.UpsertPlacesAsync([building, shop, other]);
        await Model.UpsertComponentsAsync([cover]);
        await Model.UpsertLegalPersonsAsync([firm]);
        await Model.UpsertResidentsAsync([NewResident(1, name: "王秀英"), NewResident(2, unit: 2, tags: ResidentTags.Disability), NewResident(3, GridB)]);

        (await Model.GetPlaceAsync(building.Id)).Should().Be(building);
        (await Model.GetLegalPersonAsync("91230184MA1BUFLT44")).Should().Be(firm);
        (await Model.GetLegalPersonAsync("91110000600037341L")).Should().BeNull();
        (await Model.GridBaseCountsAsync(GridA)).Should().Be(new GridBaseCounts(2, 1, 1));
        (await Model.GridBaseCountsAsync(GridB)).Should().Be(new GridBaseCounts(1, 0, 0));

        var statistics = await Model.GridStatisticsAsync(GridA, Today);
        statistics.Should().BeEquivalentTo(new
        {
            GridCode = GridA, Residents = 2, Households = 2, Male = 2, Female = 0, Registered = 2, Floating = 0,
        });
        statistics.AgeBands["60-79"].Should().Be(2);
        statistics.AgeBands["0-17"].Should().Be(0);
        statistics.Tags["disability"].Should().Be(1);
        statistics.PlacesByKind.Should().Contain(new KeyValuePair<string, int>("ResidentialBuilding", 1)).And.Contain(new KeyValuePair<string, int>("Commercial", 1));
        statistics.ThingsByClass["PublicUtility"].Should().Be(1);
        statistics.OrganisationsByKind["企业"].Should().Be(1);
    }

    private async Task<IReadOnlyList<string>> Names(ResidentSearch search) =>
        [.. (await Model.SearchAsync(search)).Items.Select(r => r.Name)];
}
