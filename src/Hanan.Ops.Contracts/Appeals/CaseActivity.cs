namespace Hanan.Ops.Contracts.Appeals;

/// <summary>
/// Something happened to a case: filed, claimed, escalated, resolved, rated… Published on the case-activity stream
/// after the change is stored. Carries the case's summary at that version, so consumers (the live screens, the grid
/// figures) need not call back into the case, and its <see cref="Position"/> in the activity log (0 for a
/// re-announcement, which is not logged), so a consumer can tell what the stream delivered from what it must catch up.
/// <see cref="Public"/> and <see cref="Unit"/> are those of the timeline entry: the live relay shapes each audience's
/// message by them (an internal note never reaches the citizen, nor another bureau).
/// </summary>
[GenerateSerializer, Immutable, Alias("hanan.appeals.CaseActivity")]
public sealed record CaseActivity(
    [property: Id(0)] Guid CaseId,
    [property: Id(1)] string Number,
    [property: Id(2)] long Version,
    [property: Id(3)] string Action,
    [property: Id(4)] string Description,
    [property: Id(5)] DateTimeOffset At,
    [property: Id(6)] Actor Actor,
    [property: Id(7)] CaseSummary Summary,
    [property: Id(8)] long Position = 0,
    [property: Id(9)] bool Public = false,
    [property: Id(10)] string? Unit = null);

/// <summary>Names shared by publishers and subscribers of case activity.</summary>
public static class CaseActivityStream
{
    /// <summary>The stream namespace; implicit subscribers listen on it.</summary>
    public const string Namespace = "case-activity";

    /// <summary>The action of a re-announcement of a case's stored state (after a restart): consumers update, screens show nothing new.</summary>
    public const string SyncAction = "sync";

    /// <summary>Activity is spread over this many streams so no single consumer sees every case.</summary>
    public const int Partitions = 8;

    /// <summary>The partition (stream key) of a case: stable for the case, so its events stay in order.</summary>
    public static string PartitionOf(Guid caseId) => PartitionOf(CasePartitions.Of(caseId));

    /// <summary>The stream key of partition <paramref name="partition"/>: <c>p0</c>…<c>p7</c>.</summary>
    public static string PartitionOf(int partition) => "p" + partition.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
