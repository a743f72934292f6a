using Hanan.Ops.Domain.Identity;
using Hanan.Ops.Domain.Population;

namespace Hanan.Ops.Domain.Tests.Population;

public sealed class ResidentTests
{
    private static readonly DateOnly Today = new(2026, 3, 10);
    private static readonly Dwelling Home = new("230108001001001B001", 2, 502);
    private static readonly Dwelling NextDoor = new("230108001001001B001", 2, 501);
    private static readonly Dwelling OtherGrid = new("230108001001002B004", 1, 101);

    // Born 1950-05-01, sequence 001 (male).
    private static CitizenIdNumber Elderly => Id("23010819500501001");

    // Born 1990-03-07, sequence 002 (female).
    private static CitizenIdNumber Adult => Id("23010819900307002");

    private static CitizenIdNumber Id(string first17) => CitizenIdNumber.Parse(first17 + CitizenIdNumber.ComputeCheckCharacter(first17), Today);

    private static Resident Create(CitizenIdNumber id, ResidentTags tags = ResidentTags.None) =>
        Resident.TryCreate(Guid.NewGuid(), id, "王秀英", Home, Registration.Registered, tags, MobilePhoneNumber.Parse("13812345678"), Today,
            out var resident, out var error)
            ? resident
            : throw new InvalidOperationException(error);

    [Fact]
    public void Sex_and_birth_date_come_from_the_ID_number()
    {
        var resident = Create(Adult);

        resident.Sex.Should().Be(Sex.Female);
        resident.BirthDate.Should().Be(new DateOnly(1990, 3, 7));
        resident.AgeOn(Today).Should().Be(36);
        resident.AgeOn(new DateOnly(2026, 3, 6)).Should().Be(35);
    }

    [Fact]
    public void The_household_and_grid_come_from_the_dwelling()
    {
        var resident = Create(Adult);

        resident.HouseholdId.Should().Be("230108001001001B001-2-0502");
        resident.GridCode.Should().Be("230108001001001");
        resident.Home.Label.Should().Be("2单元502室");
    }

    [Fact]
    public void Only_an_elderly_resident_can_be_tagged_as_living_alone()
    {
        Create(Elderly, ResidentTags.ElderlyLivingAlone).Tags.Should().Be(ResidentTags.ElderlyLivingAlone);

        Resident.TryCreate(Guid.NewGuid(), Adult, "王秀英", Home, Registration.Registered, ResidentTags.ElderlyLivingAlone, null, Today, out _, out var error)
            .Should().BeFalse();
        error.Should().Contain("60 or older");
    }

    [Fact]
    public void Key_youth_is_for_ages_6_to_25()
    {
        Resident.TryCreate(Guid.NewGuid(), Adult, "王秀英", Home, Registration.Registered, ResidentTags.KeyYouth, null, Today, out _, out var error)
            .Should().BeFalse();
        error.Should().Contain("6 to 25");
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十一")]
    public void A_blank_or_overlong_name_is_refused(string name)
    {
        Resident.TryCreate(Guid.NewGuid(), Adult, name, Home, Registration.Registered, ResidentTags.None, null, Today, out _, out var error)
            .Should().BeFalse();
        error.Should().Contain("name");
    }

    [Fact]
    public void An_undefined_tag_is_refused()
    {
        Resident.TryCreate(Guid.NewGuid(), Adult, "王秀英", Home, Registration.Registered, (ResidentTags)(1 << 20), null, Today, out _, out var error)
            .Should().BeFalse();
        error.Should().Contain("undefined");
    }

    [Fact]
    public void Moving_to_another_grid_changes_household_and_grid_and_keeps_the_rest()
    {
        var resident = Create(Elderly, ResidentTags.ElderlyLivingAlone | ResidentTags.Disability);

        var move = resident.MoveTo(OtherGrid, Today, out var refusal);

        refusal.Should().BeNull();
        move!.From.Should().Be(Home);
        move.To.Should().Be(OtherGrid);
        move.ChangesGrid.Should().BeTrue();
        move.Moved.HouseholdId.Should().Be("230108001001002B004-1-0101");
        move.Moved.GridCode.Should().Be("230108001001002");
        move.Moved.Tags.Should().Be(resident.Tags);
        move.Moved.Id.Should().Be(resident.Id);
        move.Moved.IdNumber.Should().Be(resident.IdNumber);
        resident.Home.Should().Be(Home, "a resident is immutable; the move returns the new state");
    }

    [Fact]
    public void Moving_next_door_stays_in_the_grid()
    {
        var move = Create(Adult).MoveTo(NextDoor, Today, out _);

        move!.ChangesGrid.Should().BeFalse();
        move.Moved.HouseholdId.Should().NotBe(Create(Adult).HouseholdId);
    }

    [Fact]
    public void Moving_to_the_same_dwelling_is_refused()
    {
        var resident = Create(Adult);

        resident.MoveTo(Home with { }, Today, out var refusal).Should().BeNull();
        refusal.Should().Contain("already lives");
    }

    [Fact]
    public void The_text_of_a_resident_shows_only_the_masked_ID_number()
    {
        var resident = Create(Adult);

        resident.ToString().Should().NotContain(Adult.Value).And.Contain(Adult.Masked);
    }

    [Theory]
    [InlineData("230108001001001B001", 1, 101, true)]
    [InlineData("230108001001001B01", 1, 101, false)]
    [InlineData("230108001001001X001", 1, 101, false)]
    [InlineData("230108001001001B001", 0, 101, false)]
    [InlineData("230108001001001B001", 1, 0, false)]
    [InlineData(null, 1, 101, false)]
    public void Dwellings_are_checked(string? building, int unit, int room, bool valid)
    {
        Dwelling.TryCreate(building, unit, room, out var dwelling, out var error).Should().Be(valid, error);
        (dwelling is not null).Should().Be(valid);
    }

    [Fact]
    public void A_building_contains_the_flats_of_its_units_and_floors()
    {
        var building = new Place("230108001001001B001", PlaceKind.ResidentialBuilding, "1号楼", "230108001001001", 126.6, 45.6, 3, 6, 2);

        building.Contains(new Dwelling(building.Id, 3, 602)).Should().BeTrue();
        building.Contains(new Dwelling(building.Id, 4, 101)).Should().BeFalse();
        building.Contains(new Dwelling(building.Id, 1, 701)).Should().BeFalse();
        building.Contains(new Dwelling(building.Id, 1, 103)).Should().BeFalse();
        building.Contains(new Dwelling("230108001001001B002", 1, 101)).Should().BeFalse();
        building.Dwellings().Should().HaveCount(3 * 6 * 2).And.OnlyContain(d => building.Contains(d));
    }

    [Fact]
    public void Tag_names_read_and_write()
    {
        ResidentTagRules.TryParseAll(["low-income", "Disability"], out var tags, out var error).Should().BeTrue(error);
        tags.Should().Be(ResidentTags.LowIncome | ResidentTags.Disability);
        ResidentTagRules.ToNames(tags).Should().Equal("disability", "low-income");
        ResidentTagRules.TryParseAll(["rich"], out _, out error).Should().BeFalse();
        error.Should().Contain("'rich'");
    }
}
