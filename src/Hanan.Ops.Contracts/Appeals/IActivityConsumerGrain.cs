namespace Hanan.Ops.Contracts.Appeals;

/// <summary>
/// A consumer of one partition of case activity (key <c>p0</c>…<c>p7</c>, the stream's key): fed by the stream, and
/// catching up from the activity log on what the stream did not deliver.
/// </summary>
public interface IActivityConsumerGrain : IGrainWithStringKey
{
    /// <summary>Registers the consumer's reminder (idempotent) and catches up at once. Every silo calls it at start-up.</summary>
    [Alias("Start")]
    Task Start();

    /// <summary>Reads the log after the consumer's cursor and applies what the stream did not deliver; returns how many entries that was.</summary>
    [Alias("CatchUp")]
    Task<int> CatchUp();
}

/// <summary>The live relay of a partition: activity to every host's screens and to the district picture.</summary>
[Alias("hanan.live.ILiveRelayGrain")]
public interface ILiveRelayGrain : IActivityConsumerGrain;

/// <summary>The grid feed of a partition: each grid's open and overdue figures follow its cases.</summary>
[Alias("hanan.grid.IGridCaseFeedGrain")]
public interface IGridCaseFeedGrain : IActivityConsumerGrain;
