using Hanan.Ops.Contracts.Appeals;

namespace Hanan.Ops.Grains.Appeals;

[GenerateSerializer, Alias("hanan.appeals.CaseNumberState")]
public sealed class CaseNumberState
{
    /// <summary>Every number up to this one may have been handed out; a new activation starts above it.</summary>
    [Id(0)] public long ReservedThrough { get; set; }
}

/// <summary>
/// Hands out case numbers for one year. Reserves them in durable blocks (hi/lo) so that intake does not pay
/// one database write per number; a crash loses the rest of a block (a gap), never repeats a number.
/// </summary>
public sealed class CaseNumberGrain(
    [PersistentState("case-numbers", StorageProviders.District)] IPersistentState<CaseNumberState> state) : Grain, ICaseNumberGrain
{
    public const int BlockSize = 64;

    private long _next;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _next = state.State.ReservedThrough + 1;
        return Task.CompletedTask;
    }

    public async Task<long> Next()
    {
        if (_next > state.State.ReservedThrough)
        {
            var previous = state.State.ReservedThrough;
            state.State.ReservedThrough = _next + BlockSize - 1;
            try
            {
                await state.WriteStateAsync();
            }
            catch
            {
                // Not stored, not reserved: numbers above the stored mark must not be handed out.
                state.State.ReservedThrough = previous;
                throw;
            }
        }

        return _next++;
    }
}
