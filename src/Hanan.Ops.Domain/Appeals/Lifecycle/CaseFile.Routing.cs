using System.Collections.Immutable;
using Hanan.Ops.Domain.Calendar;

namespace Hanan.Ops.Domain.Appeals;

// The command centre's operations: re-routing (改派), hot flags and merging duplicates.
public sealed partial record CaseFile
{
    /// <summary>
    /// The command centre routes the case afresh (改派): after the lead returned it, or while it is still dispatched
    /// (a dispatcher's correction). Every assignment is replaced by a fresh Open one, due to be claimed
    /// <paramref name="claimLimit"/> from now, and the resolve clock restarts from now with
    /// <paramref name="resolveLimit"/> and no escalation steps applied: the new lead gets the whole limit. Reports of
    /// the previous routing are not carried over. Returns stay counted against the bureaus that made them.
    /// </summary>
    public Decision Reroute(
        string dispatcherId,
        string newLead,
        IEnumerable<string> newCoHandlers,
        TimeLimit claimLimit,
        TimeLimit resolveLimit,
        WorkingCalendar calendar,
        DateTimeOffset now)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(dispatcherId);
        ArgumentNullException.ThrowIfNull(newCoHandlers);
        ArgumentNullException.ThrowIfNull(claimLimit);
        ArgumentNullException.ThrowIfNull(resolveLimit);
        ArgumentNullException.ThrowIfNull(calendar);
        var co = newCoHandlers.ToImmutableArray();
        if (CheckBureaus(newLead, co) is { } bad)
        {
            return Refuse(bad);
        }

        if (Status is not (CaseStatus.Returned or CaseStatus.Dispatched))
        {
            return Refuse(WrongStatus("re-route it"));
        }

        var resolve = DeadlineSchedule.Compute(now, resolveLimit, calendar);
        return Commit(
            this with
            {
                Status = CaseStatus.Dispatched,
                ClaimLimit = claimLimit,
                Assignments = QueuedAssignments(newLead, co, claimLimit.DueFrom(now, calendar)),
                ResolveSchedule = resolve,
                AppliedSteps = EscalationStepSet.Empty,
                PendingExtension = null,
            },
            now,
            Happened(CaseEventKind.Rerouted, CaseActor.Dispatcher(dispatcherId), now, Status, CaseStatus.Dispatched) with
            {
                BureauId = newLead,
                CoHandlers = [.. co],
                DueAt = resolve.Due,
            });
    }

    /// <summary>Flags the case hot (热点). A case already hot stays as it is, with its first reason. Not for a closed or merged case.</summary>
    public Decision FlagHot(CaseActor actor, HotReason reason, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(actor);
        if (IsFinished)
        {
            return Refuse(WrongStatus("flag it hot"));
        }

        if (Hot)
        {
            return Decision.Unchanged(this);
        }

        return Commit(
            this with { HotReason = reason },
            now,
            Happened(CaseEventKind.FlaggedHot, actor, now, Status, Status) with { HotReason = reason });
    }

    /// <summary>
    /// A dispatcher merges this case, a duplicate, into <paramref name="masterId"/> (the citizen follows the master);
    /// it is <see cref="CaseStatus.Merged"/> and never escalates again. Possible until the case is resolved; merging
    /// again into the same master changes nothing. A master of other duplicates cannot itself be merged. Have the
    /// master <see cref="AbsorbDuplicate"/> first, so that a refused master leaves this case as it is.
    /// </summary>
    public Decision MergeInto(Guid masterId, string dispatcherId, DateTimeOffset now)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(dispatcherId);
        if (masterId == Id)
        {
            return Refuse(RefusalReason.InvalidMerge, $"Case {Number} cannot be merged into itself.");
        }

        if (Status == CaseStatus.Merged && MergedInto == masterId)
        {
            return Decision.Unchanged(this);
        }

        if (!IsOpen && Status != CaseStatus.Returned)
        {
            return Refuse(WrongStatus("merge it into another case"));
        }

        if (!Duplicates.IsEmpty)
        {
            return Refuse(
                RefusalReason.HasDuplicates,
                $"Case {Number} is the master of {Duplicates.Count} duplicate(s) and cannot itself be merged into another case.");
        }

        return Commit(
            this with { Status = CaseStatus.Merged, MergedInto = masterId },
            now,
            Happened(CaseEventKind.Merged, CaseActor.Dispatcher(dispatcherId), now, Status, CaseStatus.Merged) with { RelatedCaseId = masterId });
    }

    /// <summary>
    /// This master case takes in a duplicate: one more affected citizen. Refused when the master is closed or merged
    /// itself; absorbing the same duplicate again changes nothing.
    /// </summary>
    public Decision AbsorbDuplicate(Guid duplicateId, string dispatcherId, DateTimeOffset now)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(dispatcherId);
        if (duplicateId == Id)
        {
            return Refuse(RefusalReason.InvalidMerge, $"Case {Number} cannot be its own duplicate.");
        }

        if (IsFinished)
        {
            return Refuse(WrongStatus("take in a duplicate"));
        }

        if (Duplicates.Items.Contains(duplicateId))
        {
            return Decision.Unchanged(this);
        }

        return Commit(
            this with { Duplicates = Duplicates.Add(duplicateId) },
            now,
            Happened(CaseEventKind.DuplicateAbsorbed, CaseActor.Dispatcher(dispatcherId), now, Status, Status) with { RelatedCaseId = duplicateId });
    }
}
