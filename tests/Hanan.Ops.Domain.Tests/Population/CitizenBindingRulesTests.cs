using Hanan.Ops.Domain.Population;

namespace Hanan.Ops.Domain.Tests.Population;

public sealed class CitizenBindingRulesTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 26, 9, 0, 0, TimeSpan.FromHours(8));
    private static readonly CitizenBinding Someone = new("citizen-9", Guid.NewGuid(), Now);

    [Fact]
    public void A_matching_ID_and_name_of_an_unbound_resident_binds()
    {
        CitizenBindingRules.Precheck(0, null).Should().BeNull();
        CitizenBindingRules.Decide("王伟", "王伟", null).Should().Be(BindingDecision.Bind);
    }

    [Fact]
    public void An_unknown_ID_and_a_wrong_name_are_the_same_outcome()
    {
        CitizenBindingRules.Decide(null, "王伟", null).Should().Be(BindingDecision.NoMatch);
        CitizenBindingRules.Decide("王伟", "王玮", null).Should().Be(BindingDecision.NoMatch);
        CitizenBindingRules.Decide("王伟", "王玮", Someone).Should().Be(BindingDecision.NoMatch, "a wrong name does not reveal that the resident is bound");
    }

    [Fact]
    public void Names_match_after_trimming_and_width_normalisation_only()
    {
        CitizenBindingRules.NamesMatch("王伟", " 王伟 ").Should().BeTrue();
        CitizenBindingRules.NamesMatch("Li Na", "Ｌｉ Ｎａ").Should().BeTrue();
        CitizenBindingRules.NamesMatch("王伟", "王").Should().BeFalse();
        CitizenBindingRules.NamesMatch("Li Na", "li na").Should().BeFalse();
    }

    [Fact]
    public void One_account_per_resident_and_one_resident_per_account()
    {
        CitizenBindingRules.Decide("王伟", "王伟", Someone).Should().Be(BindingDecision.ResidentTaken);
        CitizenBindingRules.Precheck(0, Someone).Should().Be(BindingDecision.AccountAlreadyBound);
    }

    [Fact]
    public void Five_failures_in_the_window_lock_binding_before_anything_else()
    {
        CitizenBindingRules.Precheck(CitizenBindingRules.MaxFailures - 1, null).Should().BeNull();
        CitizenBindingRules.Precheck(CitizenBindingRules.MaxFailures, null).Should().Be(BindingDecision.Locked);
        CitizenBindingRules.Precheck(CitizenBindingRules.MaxFailures, Someone).Should().Be(BindingDecision.Locked);
        CitizenBindingRules.WindowStart(Now).Should().Be(Now.AddHours(-24));
    }
}
