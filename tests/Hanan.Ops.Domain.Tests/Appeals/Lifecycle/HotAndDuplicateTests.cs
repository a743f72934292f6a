using Hanan.Ops.Domain.Appeals;
using static Hanan.Ops.Domain.Tests.Appeals.Lifecycle.CaseFixture;
using static Hanan.Ops.Domain.Tests.Calendar.Shanghai;

namespace Hanan.Ops.Domain.Tests.Appeals.Lifecycle;

public class HotAndDuplicateTests
{
    private static readonly Guid Master = Guid.Parse("0196a4c2-3b1e-8d7f-9a2b-5c6d7e8f9a10");
    private static readonly Guid Duplicate1 = Guid.Parse("0196a4c2-3b1e-8d7f-9a2b-5c6d7e8f9a11");
    private static readonly Guid Duplicate2 = Guid.Parse("0196a4c2-3b1e-8d7f-9a2b-5c6d7e8f9a12");
    private static readonly DateTimeOffset Now = At(2026, 9, 30, 14, 0);

    [Theory]
    [InlineData(HotReason.Cluster, ActorRole.System)]
    [InlineData(HotReason.Dispatcher, ActorRole.Dispatcher)]
    public void Flagging_a_case_hot_records_why_and_who(HotReason reason, ActorRole role)
    {
        var file = InProgress();
        var actor = new CaseActor(role == ActorRole.System ? "system" : Dispatcher, role);

        var decision = file.FlagHot(actor, reason, Now);

        var hot = decision.ShouldBeAcceptedFrom(file);
        hot.Hot.Should().BeTrue();
        hot.HotReason.Should().Be(reason);
        hot.Status.Should().Be(CaseStatus.InProgress);
        var e = decision.Events.Should().ContainSingle().Subject;
        e.Kind.Should().Be(CaseEventKind.FlaggedHot);
        e.HotReason.Should().Be(reason);
        e.Actor.Should().Be(actor);
    }

    [Fact]
    public void A_case_already_hot_stays_as_it_is()
    {
        var file = InProgress().Then(f => f.FlagHot(CaseActor.System, HotReason.Cluster, Now));

        file.FlagHot(CaseActor.Dispatcher(Dispatcher), HotReason.Dispatcher, Now.AddHours(1)).ShouldBeUnchangedFrom(file);
        file.HotReason.Should().Be(HotReason.Cluster);
    }

    [Theory]
    [InlineData(CaseStatus.Closed)]
    [InlineData(CaseStatus.Merged)]
    public void A_finished_case_is_not_flagged_hot(CaseStatus status)
    {
        var file = In(status);

        file.FlagHot(CaseActor.Dispatcher(Dispatcher), HotReason.Dispatcher, At(2026, 10, 12, 9, 0)).ShouldBeRefused(RefusalReason.WrongStatus, file);
    }

    [Fact]
    public void A_merged_duplicate_points_to_its_master_and_never_escalates()
    {
        var file = Handling();

        var decision = file.MergeInto(Master, Dispatcher, Now);

        var merged = decision.ShouldBeAcceptedFrom(file);
        merged.Status.Should().Be(CaseStatus.Merged);
        merged.MergedInto.Should().Be(Master);
        merged.IsOpen.Should().BeFalse();
        merged.IsFinished.Should().BeTrue();
        merged.NextDeadline.Should().BeNull();
        var e = decision.Events.Should().ContainSingle().Subject;
        e.Kind.Should().Be(CaseEventKind.Merged);
        e.RelatedCaseId.Should().Be(Master);
        e.Actor.Should().Be(CaseActor.Dispatcher(Dispatcher));
        merged.EvaluateDeadlines(At(2026, 10, 21, 9, 0)).ShouldBeUnchangedFrom(merged);
    }

    [Fact]
    public void A_returned_case_may_be_merged()
    {
        var file = In(CaseStatus.Returned);

        file.MergeInto(Master, Dispatcher, At(2026, 9, 30, 15, 0)).ShouldBeAcceptedFrom(file).Status.Should().Be(CaseStatus.Merged);
    }

    [Fact]
    public void Merging_again_into_the_same_master_changes_nothing_but_another_master_is_refused()
    {
        var file = Handling().Then(f => f.MergeInto(Master, Dispatcher, Now));

        file.MergeInto(Master, Dispatcher, Now.AddMinutes(1)).ShouldBeUnchangedFrom(file);
        file.MergeInto(Duplicate2, Dispatcher, Now.AddMinutes(1)).ShouldBeRefused(RefusalReason.WrongStatus, file);
    }

    [Fact]
    public void A_case_cannot_be_merged_into_itself()
    {
        var file = Handling();

        file.MergeInto(Id, Dispatcher, Now).ShouldBeRefused(RefusalReason.InvalidMerge, file).IsInvalidInput.Should().BeTrue();
    }

    [Theory]
    [InlineData(CaseStatus.Resolved)]
    [InlineData(CaseStatus.Closed)]
    [InlineData(CaseStatus.UnderReview)]
    public void A_case_past_handling_is_not_merged(CaseStatus status)
    {
        var file = In(status);

        file.MergeInto(Master, Dispatcher, At(2026, 10, 12, 9, 0)).ShouldBeRefused(RefusalReason.WrongStatus, file);
    }

    [Fact]
    public void A_master_of_duplicates_is_not_merged_into_another_case()
    {
        var file = Handling().Then(f => f.AbsorbDuplicate(Duplicate1, Dispatcher, Now));

        file.MergeInto(Master, Dispatcher, Now.AddMinutes(5)).ShouldBeRefused(RefusalReason.HasDuplicates, file);
    }

    [Fact]
    public void A_master_counts_each_absorbed_duplicate_once_as_an_affected_citizen()
    {
        var file = Handling();

        var decision = file.AbsorbDuplicate(Duplicate1, Dispatcher, Now);
        var one = decision.ShouldBeAcceptedFrom(file);
        one.AffectedCitizens.Should().Be(2);
        one.Duplicates.Should().Equal(Duplicate1);
        var e = decision.Events.Should().ContainSingle().Subject;
        e.Kind.Should().Be(CaseEventKind.DuplicateAbsorbed);
        e.RelatedCaseId.Should().Be(Duplicate1);
        e.StatusAfter.Should().Be(CaseStatus.InProgress);

        one.AbsorbDuplicate(Duplicate1, Dispatcher, Now.AddMinutes(1)).ShouldBeUnchangedFrom(one);
        one.Then(f => f.AbsorbDuplicate(Duplicate2, Dispatcher, Now.AddMinutes(2))).AffectedCitizens.Should().Be(3);
    }

    [Fact]
    public void A_resolved_master_still_absorbs_duplicates()
    {
        var file = In(CaseStatus.Resolved);

        file.AbsorbDuplicate(Duplicate1, Dispatcher, At(2026, 10, 10, 9, 0)).ShouldBeAcceptedFrom(file).AffectedCitizens.Should().Be(2);
    }

    [Theory]
    [InlineData(CaseStatus.Closed)]
    [InlineData(CaseStatus.Merged)]
    public void A_closed_or_merged_master_refuses_duplicates(CaseStatus status)
    {
        var file = In(status);

        file.AbsorbDuplicate(Duplicate1, Dispatcher, At(2026, 10, 12, 9, 0)).ShouldBeRefused(RefusalReason.WrongStatus, file);
    }

    [Fact]
    public void A_case_is_not_its_own_duplicate()
    {
        var file = Handling();

        file.AbsorbDuplicate(Id, Dispatcher, Now).ShouldBeRefused(RefusalReason.InvalidMerge, file);
    }
}
