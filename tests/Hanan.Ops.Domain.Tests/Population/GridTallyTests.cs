using Hanan.Ops.Domain.Population;

namespace Hanan.Ops.Domain.Tests.Population;

public sealed class GridTallyTests
{
    private static readonly Guid A = Guid.NewGuid();
    private static readonly Guid B = Guid.NewGuid();
    private static readonly Guid C = Guid.NewGuid();

    [Fact]
    public void Residents_are_counted_by_registration_tags_and_household()
    {
        var tally = new GridTally();
        tally.Arrive(new ResidentFacts(A, "h1", Registration.Registered, ResidentTags.ElderlyLivingAlone | ResidentTags.LowIncome));
        tally.Arrive(new ResidentFacts(B, "h2", Registration.Floating, ResidentTags.DrugUser | ResidentTags.Disability));
        tally.Arrive(new ResidentFacts(C, "h2", Registration.Floating, ResidentTags.KeyYouth));

        var figures = tally.Figures();

        figures.Should().BeEquivalentTo(new
        {
            Registered = 1, Floating = 2, Population = 3, SpecialGroups = 2, ElderlyLivingAlone = 1, Disability = 1, LowIncome = 1, Households = 2,
        });
    }

    [Fact]
    public void Arriving_twice_counts_once_and_leaving_twice_removes_once()
    {
        var tally = new GridTally();
        var facts = new ResidentFacts(A, "h1", Registration.Registered, ResidentTags.None);

        tally.Arrive(facts).Should().BeTrue();
        tally.Arrive(facts).Should().BeFalse();
        tally.Figures().Population.Should().Be(1);

        tally.Leave(A).Should().BeTrue();
        tally.Leave(A).Should().BeFalse();
        tally.Figures().Should().BeEquivalentTo(new { Population = 0, Households = 0 });
    }

    [Fact]
    public void A_resident_moving_within_the_grid_changes_household_not_population()
    {
        var tally = new GridTally();
        tally.Arrive(new ResidentFacts(A, "h1", Registration.Registered, ResidentTags.None));
        tally.Arrive(new ResidentFacts(B, "h1", Registration.Registered, ResidentTags.None));

        tally.Arrive(new ResidentFacts(A, "h3", Registration.Registered, ResidentTags.None));

        tally.Figures().Should().BeEquivalentTo(new { Population = 2, Households = 2 });
        tally.Leave(B);
        tally.Figures().Households.Should().Be(1);
    }

    [Fact]
    public void Cases_are_counted_open_and_overdue_and_an_older_version_changes_nothing()
    {
        var tally = new GridTally();
        tally.ApplyCase(new GridCaseFacts(A, 1, Open: true, Overdue: false));
        tally.ApplyCase(new GridCaseFacts(B, 4, Open: true, Overdue: true));
        tally.Figures().Should().BeEquivalentTo(new { OpenCases = 2, OverdueCases = 1 });

        tally.ApplyCase(new GridCaseFacts(B, 5, Open: false, Overdue: true)).Should().BeTrue();
        tally.ApplyCase(new GridCaseFacts(B, 4, Open: true, Overdue: true)).Should().BeFalse();

        tally.Figures().Should().BeEquivalentTo(new { OpenCases = 1, OverdueCases = 0 });
    }
}

public sealed class DutyRulesTests
{
    private static readonly Guid A = Guid.NewGuid();
    private static readonly Guid B = Guid.NewGuid();

    [Fact]
    public void A_notice_counts_receipts_and_reads_once_and_only_for_recipients()
    {
        var delivery = new NoticeDelivery([A, B]);

        delivery.Acknowledge(A, read: false).Should().BeTrue();
        delivery.Acknowledge(A, read: false).Should().BeFalse();
        delivery.Acknowledge(B, read: true).Should().BeTrue();
        delivery.Acknowledge(Guid.NewGuid(), read: true).Should().BeFalse();

        (delivery.Recipients, delivery.Received, delivery.Read).Should().Be((2, 2, 1));
        delivery.NotYetRead.Should().Equal(A);
        delivery.Acknowledge(A, read: true).Should().BeTrue();
        delivery.Read.Should().Be(2);
    }

    [Fact]
    public void A_visit_adds_and_removes_tags_within_their_rules()
    {
        DutyRules.AfterVisit(ResidentTags.LowIncome | ResidentTags.Disability, ResidentTags.ElderlyLivingAlone, ResidentTags.LowIncome)
            .Should().Be(ResidentTags.Disability | ResidentTags.ElderlyLivingAlone);
        DutyRules.CheckVisit("ok", ResidentTags.ElderlyLivingAlone, ResidentTags.None, age: 45).Should().Contain("60 or older");
        DutyRules.CheckVisit("ok", ResidentTags.Disability, ResidentTags.Disability, age: 45).Should().Contain("added and removed");
        DutyRules.CheckVisit(new string('x', 2001), ResidentTags.None, ResidentTags.None, age: 45).Should().Contain("notes");
        DutyRules.CheckVisit(null, ResidentTags.ElderlyLivingAlone, ResidentTags.None, age: 70).Should().BeNull();
    }

    [Theory]
    [InlineData(0, false)]
    [InlineData(1, true)]
    [InlineData(5, true)]
    [InlineData(6, false)]
    public void A_rating_is_one_of_the_five_levels(int score, bool valid) =>
        (DutyRules.CheckRating(score) is null).Should().Be(valid);
}
