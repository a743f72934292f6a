using Hanan.Ops.Domain.Appeals;
using Hanan.Ops.Contracts.Appeals;

namespace Hanan.Ops.Grains.Appeals;

/// <summary>The persisted state of one case (state name <c>case</c>). Types carry aliases so stored rows survive renames.</summary>
[GenerateSerializer, Alias("hanan.appeals.CaseState")]
public sealed class CaseState
{
    [Id(0)] public FileAppeal? Appeal { get; set; }

    [Id(1)] public string Number { get; set; } = "";

    [Id(2)] public CaseStatus Status { get; set; }

    [Id(3)] public string LeadBureau { get; set; } = "";

    [Id(4)] public List<string> CoHandlers { get; set; } = [];

    [Id(5)] public bool Hot { get; set; }

    [Id(6)] public DateTimeOffset FiledAt { get; set; }

    /// <summary>The schedule as computed at filing: later edits of the routing table do not move existing deadlines.</summary>
    [Id(7)] public StoredSchedule? Schedule { get; set; }

    /// <summary>Escalation steps already applied (bits of <see cref="Domain.Calendar.EscalationStepSet"/>).</summary>
    [Id(8)] public byte AppliedSteps { get; set; }

    [Id(9)] public List<TimelineEntry> Timeline { get; set; } = [];

    /// <summary>Grows with every stored change; consumers of the activity stream keep the highest they have seen.</summary>
    [Id(10)] public long Version { get; set; }

    public bool Filed => Appeal is not null;
}

[GenerateSerializer, Alias("hanan.appeals.StoredSchedule")]
public sealed record StoredSchedule(
    [property: Id(0)] DateTimeOffset ClaimDue,
    [property: Id(1)] DateTimeOffset FeedbackDue,
    [property: Id(2)] DateTimeOffset Warning,
    [property: Id(3)] DateTimeOffset Due,
    [property: Id(4)] DateTimeOffset SupervisionNotice,
    [property: Id(5)] DateTimeOffset DistrictLeaders);
