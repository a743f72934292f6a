using Orleans.Runtime;

namespace Hanan.Ops.Storage.Tests.OrleansContract;

/// <summary>State kept by <see cref="StateProbeGrain"/>.</summary>
[GenerateSerializer]
public sealed class ProbeState
{
    [Id(0)]
    public string? Value { get; set; }
}

/// <summary>Exercises the ADO.NET grain storage through an ordinary persistent state.</summary>
public interface IStateProbeGrain : IGrainWithStringKey
{
    /// <summary>The value and ETag this activation holds for the state in <see cref="TestSilo.StorageName"/>.</summary>
    Task<(string? Value, string? ETag)> Read();

    /// <summary>Writes <paramref name="value"/> to both states.</summary>
    Task Write(string value);

    /// <summary>Clears both states: the first keeps its row, the second storage deletes it.</summary>
    Task Clear();
}

/// <summary>Counts reminder ticks in memory; registration goes through the ADO.NET reminder table.</summary>
public interface IReminderProbeGrain : IGrainWithStringKey
{
    Task Register(string reminderName, TimeSpan dueTime, TimeSpan period);

    Task Unregister(string reminderName);

    Task<int> Ticks(string reminderName);
}

public sealed class StateProbeGrain(
    [PersistentState("contractProbe", TestSilo.StorageName)] IPersistentState<ProbeState> kept,
    [PersistentState("contractProbeDeleted", TestSilo.DeletingStorageName)] IPersistentState<ProbeState> deleted)
    : Grain, IStateProbeGrain
{
    public Task<(string? Value, string? ETag)> Read() => Task.FromResult((kept.State.Value, kept.Etag));

    public async Task Write(string value)
    {
        kept.State.Value = value;
        deleted.State.Value = value;
        await kept.WriteStateAsync();
        await deleted.WriteStateAsync();
    }

    public async Task Clear()
    {
        await kept.ClearStateAsync();
        await deleted.ClearStateAsync();
    }
}

public sealed class ReminderProbeGrain : Grain, IReminderProbeGrain, IRemindable
{
    private readonly Dictionary<string, int> ticks = [];

    public Task Register(string reminderName, TimeSpan dueTime, TimeSpan period) =>
        this.RegisterOrUpdateReminder(reminderName, dueTime, period);

    public async Task Unregister(string reminderName)
    {
        var reminder = await this.GetReminder(reminderName)
            ?? throw new InvalidOperationException($"No reminder '{reminderName}' is registered.");
        await this.UnregisterReminder(reminder);
    }

    public Task<int> Ticks(string reminderName) => Task.FromResult(ticks.GetValueOrDefault(reminderName));

    public Task ReceiveReminder(string reminderName, TickStatus status)
    {
        ticks[reminderName] = ticks.GetValueOrDefault(reminderName) + 1;
        return Task.CompletedTask;
    }
}
