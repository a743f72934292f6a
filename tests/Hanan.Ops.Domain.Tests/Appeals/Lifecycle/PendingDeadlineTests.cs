using Hanan.Ops.Domain.Appeals;
using static Hanan.Ops.Domain.Tests.Appeals.Lifecycle.CaseFixture;

namespace Hanan.Ops.Domain.Tests.Appeals.Lifecycle;

/// <summary>What the durable deadline index stores with every change of a case: one pending deadline per kind.</summary>
public class PendingDeadlineTests
{
    [Fact]
    public void A_dispatched_case_waits_for_each_bureau_to_claim_and_for_its_first_escalation_step()
    {
        var file = Open(Housing);

        file.PendingDeadlines.Should().BeEquivalentTo(new[]
        {
            new PendingDeadline("escalation:Warning", Warning),
            new PendingDeadline("claim:" + Lead, ClaimDue),
            new PendingDeadline("claim:" + Housing, ClaimDue),
        });
        file.NextDeadline.Should().Be(ClaimDue);
    }

    [Fact]
    public void A_claim_waits_for_its_claimer_to_act_and_acting_ends_that_wait()
    {
        InProgress().PendingDeadlines.Should().Contain(new PendingDeadline("act:" + Lead, LeadActDue))
            .And.NotContain(d => d.Kind == "claim:" + Lead);
        Handling().PendingDeadlines.Select(d => d.Kind).Should().Equal("escalation:Warning");
    }

    [Fact]
    public void Each_applied_step_moves_the_escalation_deadline_to_the_next_step()
    {
        var file = Handling().Then(f => f.EvaluateDeadlines(Warning));

        file.PendingDeadlines.Should().Equal(new PendingDeadline("escalation:Overdue", Due));
    }

    [Fact]
    public void A_resolved_case_waits_only_for_the_end_of_its_rating_period_and_a_finished_one_for_nothing()
    {
        var resolved = In(CaseStatus.Resolved);
        resolved.PendingDeadlines.Should().Equal(new PendingDeadline("rating", resolved.RatingDue!.Value));

        foreach (var status in new[] { CaseStatus.Closed, CaseStatus.Merged, CaseStatus.Returned, CaseStatus.UnderReview })
        {
            In(status).PendingDeadlines.Should().BeEmpty($"a {status} case waits on a person, not on the clock");
        }
    }

    [Fact]
    public void Evaluating_at_every_pending_instant_leaves_nothing_due_at_that_instant()
    {
        // The scheduler relies on it: after an evaluation, no pending deadline is at or before the instant evaluated.
        var file = Open(Housing);
        var now = Filed;
        for (var i = 0; i < 20 && file.NextDeadline is { } next; i++)
        {
            now = next;
            var decision = file.EvaluateDeadlines(now);
            file = decision.HasChanges ? decision.Case : file;
            file.PendingDeadlines.Should().NotContain(d => d.Due <= now, $"everything due at {now} was done");
        }

        file.NextDeadline.Should().BeNull("every step was applied");
    }
}
