namespace Hanan.Ops.Grains;

/// <summary>The <c>Hanan:Streams</c> section: which Orleans stream provider carries live activity.</summary>
public sealed class LiveStreamOptions
{
    public const string Section = "Hanan:Streams";

    /// <summary>
    /// The provider's name. The host registers Orleans memory streams under it; a persistent provider registered under the
    /// same name replaces them without a code change.
    /// </summary>
    public string Provider { get; set; } = "live";

    /// <summary>
    /// How long a stream's pulling agent waits before it looks at an empty queue again (Orleans' default, 100 ms). It sets
    /// the floor of the time from a stored change to the screens. Measured with ops/bench.sh on the 2-core machine: 20 ms
    /// halved the officer's screen latency at 100 appeals/s (p99 134 → 60 ms), but saturated intake fell to 471/s (544–642/s
    /// at 100 ms) and 500/s was no longer sustained, because deliveries come in smaller batches; docs/performance.md.
    /// </summary>
    public TimeSpan PollPeriod { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>
    /// At most this many queued events of one stream go to a consumer in one delivery (Orleans' <c>BatchContainerBatchSize</c>;
    /// 1, Orleans' default, is a grain call per event and consumer). Measured with ops/bench.sh on the 2-core machine, 32
    /// made no difference beyond run-to-run noise (closed loop 563 vs 585 appeals/s, screen p99 at 100/s 135 vs 133 ms),
    /// so the default stays 1; docs/performance.md.
    /// </summary>
    public int DeliveryBatch { get; set; } = 1;

    /// <summary>
    /// How often an active consumer of case activity (the live relay, the grid feed) reads the activity log for what
    /// the stream did not deliver (a silo died between a commit and its push). A consumer that was on a lost silo
    /// catches up as soon as it is activated again: by the next activity of its partition, or by its reminder.
    /// </summary>
    public TimeSpan CatchUpEvery { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// How old a log entry must be before a consumer moves its cursor over it: longer than the case store's
    /// transactions take from drawing a position to COMMIT, so no lower position can still appear behind the cursor.
    /// </summary>
    public TimeSpan Settle { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Why these settings cannot run, naming the setting; null when they can.</summary>
    public string? Problem() =>
        string.IsNullOrWhiteSpace(Provider) ? $"{Section}:Provider must name a stream provider."
        : PollPeriod <= TimeSpan.Zero || PollPeriod > TimeSpan.FromSeconds(10) ? $"{Section}:PollPeriod must be more than 0 and at most 10 seconds (it was {PollPeriod})."
        : DeliveryBatch is < 1 or > 1000 ? $"{Section}:DeliveryBatch must be 1–1000 (it was {DeliveryBatch})."
        : CatchUpEvery < TimeSpan.FromMilliseconds(100) || CatchUpEvery > TimeSpan.FromMinutes(5) ? $"{Section}:CatchUpEvery must be 100 ms – 5 min (it was {CatchUpEvery})."
        : Settle < TimeSpan.Zero || Settle > TimeSpan.FromMinutes(5) ? $"{Section}:Settle must be 0 – 5 min (it was {Settle})."
        : null;
}
