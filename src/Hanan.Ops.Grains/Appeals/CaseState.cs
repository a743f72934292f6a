using Hanan.Ops.Contracts.Appeals;
using Hanan.Ops.Domain.Appeals;

namespace Hanan.Ops.Grains.Appeals;

/// <summary>
/// The persisted state of one case (state name <c>case</c>): the citizen's appeal as filed, the case file kept by the
/// domain rules (stored as JSON so the rules' types need no Orleans attributes and survive renames), and the timeline.
/// </summary>
[GenerateSerializer, Alias("hanan.appeals.CaseState")]
public sealed class CaseState
{
    [Id(0)] public FileAppeal? Appeal { get; set; }

    /// <summary><see cref="CaseFile"/> as JSON (<see cref="CaseFileJson"/>).</summary>
    [Id(1)] public string? File { get; set; }

    [Id(2)] public List<TimelineEntry> Timeline { get; set; } = [];

    /// <summary>When the first feedback to the citizen is due (反馈时限), from the category at filing.</summary>
    [Id(3)] public DateTimeOffset FeedbackDue { get; set; }

    /// <summary>Open cases of the same category nearby at filing: offered to the dispatcher for merging.</summary>
    [Id(4)] public List<Guid> DuplicateCandidates { get; set; } = [];

    /// <summary>The after-filing follow-up (hotspot and duplicate check) has run; a retried filing re-runs it if not.</summary>
    [Id(5)] public bool FollowUpDone { get; set; }

    /// <summary>The filer's capability (查询码) for the tracking link; null for cases filed before links were issued.</summary>
    [Id(6)] public string? TrackingToken { get; set; }

    public bool Filed => Appeal is not null && File is not null;
}
