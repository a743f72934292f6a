namespace Hanan.Ops.Contracts.Residents;

/// <summary>
/// One resident (人), keyed by the surrogate id, never by the ID number. A seeded resident's grain adopts the read
/// model's row on first activation; from then on the grain is the writer and the read model its projection.
/// </summary>
[Alias("hanan.residents.IResidentGrain")]
public interface IResidentGrain : IGrainWithGuidKey
{
    /// <summary>The resident, or null when there is none with this id.</summary>
    [Alias("Get")]
    Task<ResidentRecord?> Get();

    /// <summary>The resident's moves and visits, oldest first.</summary>
    [Alias("History")]
    Task<IReadOnlyList<ResidentHistoryEntry>> History();

    /// <summary>
    /// Moves the resident (搬家) into another dwelling: stored before answering, then the read model and both grids'
    /// figures follow.
    /// </summary>
    [Alias("Move")]
    Task<MoveOutcome> Move(MoveResident move);

    /// <summary>
    /// A grid worker's visit (走访入户): kept in the history, and the record follows what the worker found (tags, phone).
    /// Stored before answering; the grid's figures follow a change of tags.
    /// </summary>
    [Alias("RecordVisit")]
    Task<MoveOutcome> RecordVisit(ResidentVisit visit);
}
