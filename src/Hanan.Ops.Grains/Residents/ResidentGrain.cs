using Hanan.Ops.Contracts.Grid;
using Hanan.Ops.Contracts.Residents;
using Hanan.Ops.Domain.Population;
using Hanan.Ops.Domain.Privacy;
using Microsoft.Extensions.Logging;

namespace Hanan.Ops.Grains.Residents;

/// <summary>The persisted state of one resident (state name <c>resident</c>): the record (ID number sealed) and its history.</summary>
[GenerateSerializer, Alias("hanan.residents.ResidentState")]
public sealed class ResidentState
{
    [Id(0)] public ResidentRecord? Record { get; set; }

    [Id(1)] public List<ResidentHistoryEntry> History { get; set; } = [];
}

/// <summary>
/// One resident (人), keyed by the surrogate id. Households are not grains of their own: a household is the people
/// living in one dwelling, so its membership is the set of residents whose address is that dwelling, and the resident
/// who moves is the only writer of that fact. A household grain would be a second writer of the same fact, and a move
/// would have to update two of them in step.
/// </summary>
/// <remarks>
/// A seeded resident exists only in the read model until first used: the grain adopts that row on activation. After a
/// change the grain writes its state, then the read model, then tells the grids. Activation re-projects the stored
/// state (the read model's version guard and the grid's idempotent counting make repeats harmless), so a write that
/// stopped half-way heals on the next activation.
/// </remarks>
public sealed partial class ResidentGrain(
    [PersistentState("resident", StorageProviders.District)] IPersistentState<ResidentState> state,
    IResidentReadModel readModel,
    DistrictClock clock,
    ILogger<ResidentGrain> logger) : Grain, IResidentGrain
{
    private const int MaxHistory = 200;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (state.State.Record is { } stored)
        {
            await Project(stored, previousGrid: null);
            return;
        }

        state.State.Record = await readModel.GetResidentAsync(this.GetPrimaryKey(), cancellationToken);
    }

    public Task<ResidentRecord?> Get() => Task.FromResult(state.State.Record);

    public Task<IReadOnlyList<ResidentHistoryEntry>> History() => Task.FromResult<IReadOnlyList<ResidentHistoryEntry>>([.. state.State.History]);

    public async Task<MoveOutcome> Move(MoveResident move)
    {
        ArgumentNullException.ThrowIfNull(move);
        if (state.State.Record is not { } before)
        {
            return new MoveOutcome(MoveResult.NotFound, null, "No resident has this id.");
        }

        var to = new Dwelling(move.BuildingId, move.Unit, move.Room);
        if (Resident.CheckMove(before.Home(), to) is { } refusal)
        {
            return new MoveOutcome(MoveResult.Refused, before, refusal);
        }

        var now = clock.Now;
        var after = before with
        {
            BuildingId = to.BuildingId, Unit = to.Unit, Room = to.Room,
            Longitude = move.Longitude, Latitude = move.Latitude,
            Version = before.Version + 1, UpdatedAt = now,
        };
        var entry = new ResidentHistoryEntry(now, "move", move.RecordedBy, $"{before.Home().HouseholdId} → {to.HouseholdId}");
        await Store(after, entry, before);
        LogMoved(logger, before.Id, before.GridCode, after.GridCode);
        return new MoveOutcome(MoveResult.Moved, after, null);
    }

    public async Task<MoveOutcome> RecordVisit(ResidentVisit visit)
    {
        ArgumentNullException.ThrowIfNull(visit);
        if (state.State.Record is not { } before)
        {
            return new MoveOutcome(MoveResult.NotFound, null, "No resident has this id.");
        }

        var now = clock.Now;
        var age = Resident.AgeOn(before.BirthDate, DateOnly.FromDateTime(now.DateTime));
        if (DutyRules.CheckVisit(visit.Notes, visit.AddTags, visit.RemoveTags, age) is { } refusal)
        {
            return new MoveOutcome(MoveResult.Refused, before, refusal);
        }

        var after = before with
        {
            Tags = DutyRules.AfterVisit(before.Tags, visit.AddTags, visit.RemoveTags),
            SealedPhone = visit.SealedPhone ?? before.SealedPhone,
            PhoneMasked = visit.PhoneMasked ?? before.PhoneMasked,
            Version = before.Version + 1,
            UpdatedAt = now,
        };
        var changes = string.Join("; ", new[]
        {
            visit.AddTags != ResidentTags.None ? "+" + string.Join(",", ResidentTagRules.ToNames(visit.AddTags)) : null,
            visit.RemoveTags != ResidentTags.None ? "-" + string.Join(",", ResidentTagRules.ToNames(visit.RemoveTags)) : null,
            visit.PhoneMasked is not null ? "phone " + visit.PhoneMasked : null,
            visit.Notes,
        }.Where(t => !string.IsNullOrWhiteSpace(t)));
        await Store(after, new ResidentHistoryEntry(now, "visit", visit.VisitedBy, changes), before);
        return new MoveOutcome(MoveResult.Moved, after, null);
    }

    private async Task Store(ResidentRecord after, ResidentHistoryEntry entry, ResidentRecord before)
    {
        state.State.Record = after;
        state.State.History.Add(entry);
        if (state.State.History.Count > MaxHistory)
        {
            state.State.History.RemoveAt(0);
        }

        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            // Nothing acknowledged: reload what is stored on the next call.
            DeactivateOnIdle();
            throw;
        }

        try
        {
            await Project(after, before.GridCode);
        }
        catch
        {
            // Stored but not yet projected: the next activation projects it again.
            DeactivateOnIdle();
            throw;
        }
    }

    /// <summary>The read model row, then the grids: the one left (if any) and the one lived in.</summary>
    private async Task Project(ResidentRecord record, string? previousGrid)
    {
        await readModel.UpsertResidentsAsync([record]);
        if (previousGrid is not null && !string.Equals(previousGrid, record.GridCode, StringComparison.Ordinal))
        {
            await GrainFactory.GetGrain<IGridGrain>(previousGrid).ResidentLeft(record.Id);
        }

        await GrainFactory.GetGrain<IGridGrain>(record.GridCode).ResidentArrived(GridResident.From(record.Facts()));
    }

    // Where a resident lives is personal data: the grids are redacted, the surrogate id (no name, no ID number) is not.
    [LoggerMessage(Level = LogLevel.Information, Message = "Resident {ResidentId} moved from grid {FromGrid} to grid {ToGrid}")]
    private static partial void LogMoved(ILogger logger, Guid residentId, [PersonLocation] string fromGrid, [PersonLocation] string toGrid);
}
