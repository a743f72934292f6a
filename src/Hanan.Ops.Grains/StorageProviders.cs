namespace Hanan.Ops.Grains;

/// <summary>Names of the Orleans storage providers the grains persist through.</summary>
public static class StorageProviders
{
    /// <summary>The district's grain state: PostgreSQL in durable mode, memory in the embedded default.</summary>
    public const string District = "district";

    /// <summary>Stream subscriptions of the pub/sub system.</summary>
    public const string PubSub = "PubSubStore";
}
