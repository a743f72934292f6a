using Hanan.Ops.Contracts.Cameras;

namespace Hanan.Ops.Grains.Cameras;

/// <summary>The fences and watchlists (state name <c>camera-rules</c>).</summary>
[GenerateSerializer, Alias("hanan.cameras.SecurityRulesState")]
public sealed class SecurityRulesState
{
    [Id(0)] public long Version { get; set; }

    [Id(1)] public Dictionary<string, FenceDefinition> Fences { get; set; } = new(StringComparer.Ordinal);

    [Id(2)] public Dictionary<string, WantedPlateEntry> WantedPlates { get; set; } = new(StringComparer.Ordinal);

    [Id(3)] public Dictionary<string, PersonEntry> Persons { get; set; } = new(StringComparer.Ordinal);
}

/// <summary>
/// Key 0: the fences (电子围栏) and watchlists (布控) in force. Every change is written before it answers and bumps the
/// version, so vehicle grains' caches rebuild. Validation of what is put here is the caller's (the host checks
/// polygons and plates with the domain's rules).
/// </summary>
public sealed class SecurityRulesGrain(
    [PersistentState("camera-rules", StorageProviders.District)] IPersistentState<SecurityRulesState> state) : Grain, ISecurityRulesGrain
{
    private SecurityRules? _snapshot;

    public Task<SecurityRules> GetRules() => Task.FromResult(_snapshot ??= Snapshot());

    public Task<SecurityRules> PutFence(FenceDefinition fence) => Change(s => s.Fences[fence.Id] = fence);

    public async Task<bool> RemoveFence(string fenceId) => state.State.Fences.ContainsKey(fenceId) && await Removed(s => s.Fences.Remove(fenceId));

    public Task<SecurityRules> PutWantedPlate(WantedPlateEntry entry) => Change(s => s.WantedPlates[entry.Plate] = entry);

    public async Task<bool> RemoveWantedPlate(string plate) => state.State.WantedPlates.ContainsKey(plate) && await Removed(s => s.WantedPlates.Remove(plate));

    public Task<SecurityRules> PutPerson(PersonEntry entry) => Change(s => s.Persons[entry.PersonRef] = entry);

    public async Task<bool> RemovePerson(string personRef) => state.State.Persons.ContainsKey(personRef) && await Removed(s => s.Persons.Remove(personRef));

    private async Task<bool> Removed(Action<SecurityRulesState> change)
    {
        await Change(change);
        return true;
    }

    private async Task<SecurityRules> Change(Action<SecurityRulesState> change)
    {
        var before = Copy(state.State);
        change(state.State);
        state.State.Version++;
        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            state.State = before;
            throw;
        }

        _snapshot = Snapshot();
        return _snapshot;
    }

    private SecurityRules Snapshot() => new(
        state.State.Version,
        [.. state.State.Fences.Values.OrderBy(f => f.Id, StringComparer.Ordinal)],
        [.. state.State.WantedPlates.Values.OrderBy(w => w.Plate, StringComparer.Ordinal)],
        [.. state.State.Persons.Values.OrderBy(p => p.PersonRef, StringComparer.Ordinal)]);

    private static SecurityRulesState Copy(SecurityRulesState s) => new()
    {
        Version = s.Version,
        Fences = new(s.Fences, StringComparer.Ordinal),
        WantedPlates = new(s.WantedPlates, StringComparer.Ordinal),
        Persons = new(s.Persons, StringComparer.Ordinal),
    };
}
