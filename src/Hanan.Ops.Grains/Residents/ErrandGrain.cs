using Hanan.Ops.Contracts.Residents;
using Hanan.Ops.Domain.Population;

namespace Hanan.Ops.Grains.Residents;

/// <summary>The persisted state of an errand (state name <c>errand</c>).</summary>
[GenerateSerializer, Alias("hanan.residents.ErrandState")]
public sealed class ErrandState
{
    [Id(0)] public ErrandDraft? Draft { get; set; }

    [Id(1)] public ErrandStatus Status { get; set; }

    [Id(2)] public List<ErrandTraceView> Trace { get; set; } = [];
}

/// <summary>One errand (代办) a grid worker runs for a resident; the rules and the trace are the domain's <see cref="Errand"/>.</summary>
public sealed class ErrandGrain(
    [PersistentState("errand", StorageProviders.District)] IPersistentState<ErrandState> state,
    DistrictClock clock) : Grain, IErrandGrain
{
    public async Task<ErrandView> Accept(ErrandDraft draft)
    {
        ArgumentNullException.ThrowIfNull(draft);
        if (state.State.Draft is null)
        {
            var errand = Errand.Accept(draft.Agent, draft.Description, draft.At);
            await Store(new ErrandState { Draft = draft, Status = errand.Status, Trace = [.. errand.Trace.Select(ToView)] });
        }

        return View();
    }

    public async Task<ErrandOutcome> Step(string action, string by, string? note)
    {
        if (state.State.Draft is null)
        {
            return new ErrandOutcome(null, "No errand has this id.");
        }

        var errand = Errand.Restore(state.State.Status, state.State.Trace.Select(t => new ErrandTraceEntry(t.At, t.By, t.Action, t.Note)));
        if (errand.Step(action, by, note, clock.Now) is { } refusal)
        {
            return new ErrandOutcome(View(), refusal);
        }

        await Store(new ErrandState { Draft = state.State.Draft, Status = errand.Status, Trace = [.. errand.Trace.Select(ToView)] });
        return new ErrandOutcome(View(), null);
    }

    public Task<ErrandView?> Get() => Task.FromResult(state.State.Draft is null ? null : View());

    private async Task Store(ErrandState next)
    {
        var before = state.State;
        state.State = next;
        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            state.State = before;
            throw;
        }
    }

    private ErrandView View()
    {
        var d = state.State.Draft!;
        return new ErrandView(this.GetPrimaryKey(), d.ResidentId, d.GridCode, d.Kind, d.Description, d.Agent, state.State.Status, [.. state.State.Trace]);
    }

    private static ErrandTraceView ToView(ErrandTraceEntry e) => new(e.At, e.By, e.Action, e.Note);
}
