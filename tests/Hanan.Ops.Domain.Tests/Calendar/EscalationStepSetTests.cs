using Hanan.Ops.Domain.Calendar;

namespace Hanan.Ops.Domain.Tests.Calendar;

public class EscalationStepSetTests
{
    [Fact]
    public void The_default_set_is_empty()
    {
        default(EscalationStepSet).IsEmpty.Should().BeTrue();
        default(EscalationStepSet).Should().Be(EscalationStepSet.Empty);
        EscalationStepSet.Empty.ToString().Should().Be("{}");
    }

    [Fact]
    public void Steps_enumerate_in_escalation_order_whatever_order_they_were_added_in()
    {
        var set = EscalationStepSet.Of(EscalationStep.DistrictLeaders, EscalationStep.Warning, EscalationStep.SupervisionNotice);

        var steps = new List<EscalationStep>();
        foreach (var step in set)
        {
            steps.Add(step);
        }

        steps.Should().Equal(EscalationStep.Warning, EscalationStep.SupervisionNotice, EscalationStep.DistrictLeaders);
        set.Count.Should().Be(3);
        set.ToString().Should().Be("{Warning, SupervisionNotice, DistrictLeaders}");
    }

    [Fact]
    public void A_set_survives_storage_as_its_bits()
    {
        var set = EscalationStepSet.Of(EscalationStep.Warning, EscalationStep.Overdue);

        set.Bits.Should().Be(0b0011);
        EscalationStepSet.FromBits(set.Bits).Should().Be(set);
        EscalationStepSet.All.Bits.Should().Be(0b1111);
    }

    [Fact]
    public void Bits_that_stand_for_no_step_are_refused()
    {
        var act = () => EscalationStepSet.FromBits(0b1_0000);

        act.Should().Throw<ArgumentOutOfRangeException>();
    }

    [Fact]
    public void Set_operations_combine_steps()
    {
        var warned = EscalationStepSet.Of(EscalationStep.Warning);
        var overdue = EscalationStepSet.Of(EscalationStep.Warning, EscalationStep.Overdue);

        overdue.Except(warned).Should().Be(EscalationStepSet.Of(EscalationStep.Overdue));
        overdue.Intersect(warned).Should().Be(warned);
        warned.Union(EscalationStepSet.Of(EscalationStep.DistrictLeaders)).Contains(EscalationStep.DistrictLeaders).Should().BeTrue();
        warned.Contains(EscalationStep.Overdue).Should().BeFalse();
    }

    [Fact]
    public void A_value_that_is_no_step_is_refused()
    {
        var act = () => EscalationStepSet.Empty.With((EscalationStep)4);

        act.Should().Throw<ArgumentOutOfRangeException>();
    }
}
