using Hanan.Ops.Contracts.Open311;

namespace Hanan.Ops.Grains.Open311;

[GenerateSerializer, Alias("hanan.open311.Open311ClientsState")]
public sealed class Open311ClientsState
{
    [Id(0)] public List<Open311Client> Clients { get; set; } = [];
}

/// <summary>The register of Open311 client applications: every change is stored before it is acknowledged.</summary>
public sealed class Open311ClientsGrain(
    [PersistentState("open311-clients", StorageProviders.District)] IPersistentState<Open311ClientsState> state) : Grain, IOpen311ClientsGrain
{
    public async Task<bool> Issue(Open311Client client)
    {
        ArgumentNullException.ThrowIfNull(client);
        if (state.State.Clients.Any(c => c.Id == client.Id || c.KeyDigest == client.KeyDigest))
        {
            return false;
        }

        await Change(clients => clients.Add(client));
        return true;
    }

    public async Task<bool> Revoke(string id, string by, DateTimeOffset at)
    {
        var index = state.State.Clients.FindIndex(c => c.Id == id && c.Active);
        if (index < 0)
        {
            return false;
        }

        await Change(clients => clients[index] = clients[index] with { RevokedAt = at, RevokedBy = by });
        return true;
    }

    public Task<IReadOnlyList<Open311Client>> List() => Task.FromResult<IReadOnlyList<Open311Client>>([.. state.State.Clients]);

    public Task<Open311Client?> FindByKey(string keyDigest) =>
        Task.FromResult(state.State.Clients.FirstOrDefault(c => c.Active && c.KeyDigest == keyDigest));

    /// <summary>Applies the change to a copy and keeps it only once stored.</summary>
    private async Task Change(Action<List<Open311Client>> change)
    {
        var previous = state.State.Clients;
        var next = new List<Open311Client>(previous);
        change(next);
        state.State.Clients = next;
        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            state.State.Clients = previous;
            throw;
        }
    }
}
