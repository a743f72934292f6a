namespace Hanan.Ops.Bench;

/// <summary>
/// What profiling the host found and what changed because of it: the part of the performance page that is history, not
/// a measurement of this run. Kept beside the report so that the page keeps it when the run rewrites the figures.
/// </summary>
internal static class Profiling
{
    public static void Section(Action<string> L)
    {
        L("## Profiling: what was found and what changed");
        L(string.Empty);
        L("How: `dotnet-trace collect -p <host pid> --profile dotnet-sampled-thread-time --format Speedscope --duration 00:00:00:15` " +
          "while the saturation run of this page was under way, then CPU samples grouped by frame (self and inclusive). " +
          "`dotnet-counters monitor -p <host pid> System.Runtime Microsoft.Orleans` shows the same picture live.");
        L(string.Empty);
        L("1. **Connections beyond PostgreSQL's limit.** Each store opened a pool of its own: Orleans 40, the case read model, " +
          "residents and sightings 20 each, the audit log 10, the readiness check up to 100 — over 110 connections from one host " +
          "against PostgreSQL's default `max_connections` of 100. On a server shared with anything else the host hit " +
          "`53300: sorry, too many clients already`; grain activations failed, requests answered 503, and 55 % of the host's CPU " +
          "went into capturing and logging the exceptions' stack traces. **Changed:** one read-side pool shared by the read model, " +
          "residents, sightings, the unified grid, the roster and citizen bindings (30), the audit log's own pool (10: its appends queue on one lock and must not " +
          "starve the read side), 2 for the readiness check, and an unpooled connection for migrations: 82 per host by default " +
          "(`docs/operations.md`). `ConnectionBudgetTests` pushes a host with small pools and counts its server-side connections " +
          "(26 before, at most 13 after).");
        L("2. **A second write of every new case.** With the connections in bounds, the host was CPU-bound at saturation (about 1.8 " +
          "of the 2 cores it shares with PostgreSQL and the load generator). The largest item of our own code was the filing " +
          "follow-up (hot cluster and duplicate candidates, 10.5 % inclusive), which wrote the case's state a second time for every " +
          "appeal. **Changed:** it writes only when it found a duplicate candidate; each appeal now makes two writes one by one " +
          "(the case and its escalation reminder) and its share of the read model's batched upserts.");
        L("3. **What is left.** Run to run on this machine, the builds of the last two sessions gave 543–648 appeals/s closed " +
          "loop, a p99 to the officer's screen of 170–780 ms at 500/s offered (500/s is 77–92 % of what the machine files, so " +
          "small changes in its speed move the queueing a lot; in the slowest run the admission queue also refused 110 of " +
          "10,000) and 16,600–21,200 camera reads/s. The raw PostgreSQL baseline moved with them (3,816–4,252 " +
          "appeal-equivalents/s): the machine's own speed varies between runs. The intake targets are missed in every run; " +
          "camera ingest sits at its target's edge.");
        L("   Where the intake's time goes: waiting for the garbage collector (about 11 % of samples), Orleans messaging and the stream " +
          "deliveries of every case event to three consumers (the read-model projector, the live relay, the grids' feed), and " +
          "PostgreSQL's own commits on the same two cores. The closed-loop figure is bounded by these two cores, which run the " +
          "load generator too.");
        L("4. **Camera ingest waited on PostgreSQL, not CPU.** During the saturation run the host used about half a core: every " +
          "batch stored its reads in the sighting log and then rewrote, for every vehicle in the batch, that vehicle's whole " +
          "record (all its reads of the retention period) — a write per vehicle per batch, growing with the vehicle's history. " +
          "**Changed:** the sighting log (one multi-row insert per batch, before the answer) is the record; a vehicle grain " +
          "keeps its view in memory, writes a checkpoint every `VehicleCheckpointEvery` (30 s) and on deactivation, and on " +
          "activation replays the log's reads newer than its checkpoint through the same rules (alert ids are deterministic, " +
          "so a replayed alert is not raised twice). A 2xx still means every read is stored. On the contended machine the " +
          "same saturation run went from about 2,000 to about 10,000 reads/s; this run's figure is in the camera section.");
        L("5. **The stream's poll period is a trade-off, left at Orleans' 100 ms.** Most of the time from a stored case to the " +
          "officer's screen at low load is the pulling agent's wait before it looks at an empty queue again. Tried: " +
          "`Hanan:Streams:PollPeriod` = 20 ms halved it at 100 appeals/s (screen p99 134 → 60 ms), but in that run saturated " +
          "intake fell to 471/s (four runs at 100 ms gave 544–642/s) and 500/s offered was no longer sustained (420/s, p99 " +
          "over 4 s): deliveries come in smaller batches. Kept configurable, default unchanged.");
        L("6. **The alert board rewrote every alert on every change.** It kept all alerts (closed ones for 30 days) in one grain " +
          "state and wrote the whole state for each new alert or step, so its cost grew with the backlog. **Changed:** one row " +
          "per alert in `camera_alert` (schema 0031), written alone and guarded by the row's version; the board keeps its " +
          "working set in memory and purges closed alerts past retention at most hourly (`AlertBoardGrainTests` counts one row " +
          "written per change).");
        L("7. **Overload collapsed intake instead of holding it.** The new open-loop run at 1,000 appeals/s (above what this " +
          "machine files) achieved only 316/s: every request was let in, thousands waited inside the host at once, and " +
          "8,937 were still unanswered when the run's drain ended, the rest answered after 18–24 s. **Changed:** admission " +
          "control on filing (`Hanan:Appeals:Admission`, 64 in progress, 256 queued in order); anything beyond is answered " +
          "503 with Retry-After at once and stores nothing, so the client retries with the same idempotency key. The same run " +
          "then filed 475–509/s (two runs) with an HTTP p99 of 0.91–0.94 s and none unanswered, refusing the excess within " +
          "61–65 ms (p99). Tried 256 in progress: " +
          "worse at 500/s (HTTP p99 417 ms) and at 1,000/s (p99 2.1 s). Bad input is answered before admission, so it still " +
          "gets its 400 under load.");
        L("8. **Tried and not kept: batched stream delivery.** Orleans' pulling agent makes one grain call per event and " +
          "consumer; `Hanan:Streams:DeliveryBatch` = 32 hands a consumer up to 32 queued events in one call. In the same " +
          "conditions it changed nothing beyond run-to-run noise (closed loop 563 vs 585 appeals/s; screen p99 at 100/s 135 vs " +
          "133 ms). Kept configurable, default 1.");
        L("9. **The crash-safe case pipeline (the previous build).** Before, a filing made its commits one after the other: the " +
          "case's grain state, its escalation reminder, its share of the stream projector's batched read-model upserts, " +
          "and every audit record alone under the chain's lock (543–648 appeals/s closed loop in the last two sessions' " +
          "runs). Now each change of a case is one transaction holding the case, its list row, its deadlines, its " +
          "activity and its audit record, and the changes of many cases share transactions (group commit: a mean batch of" +
          " 16 at 32 callers in the case-store baseline; `ops/bench.sh --group-commit` and docs/performance-group-" +
          "commit.md for the settings). Deadlines are served from the index by 8 scheduler grains instead of a reminder " +
          "per case, and activity goes from each relay straight to each host (no `LiveFeedGrain` singleton on the path). " +
          "The bench's officer consoles now re-read the case on every message as officer.js does, and each re-read is " +
          "audited. The first run of this build: 430 appeals/s closed loop, and 500/s offered not sustained (8,979 of " +
          "10,000 filed, screen p99 1,032 ms): each audited read was its own transaction under the chain's lock, and " +
          "those transactions queued against the case store's batches for the same lock. **Changed:** the audit log " +
          "group-commits its appends too (the lock once per batch). Two runs after: 494–496 appeals/s closed loop; 500/s " +
          "offered fully filed (10,000 of 10,000) with a screen p99 of 287–293 ms (781 ms in the last session's run, " +
          "whose consoles did not re-read). Intake is 18 % of the case-store baseline (2,819 filings/s with the same " +
          "group commit and one writer), so the store is not what bounds it: the host's CPU is (HTTP, Orleans messaging, " +
          "the stream deliveries, the hotspot follow-up and the consoles' audited re-reads, on the two cores that also " +
          "run PostgreSQL and the load generator). **Found, not fixed here:** a console that re-reads every case of its " +
          "bureau on every message cannot keep up at hundreds of filings a second (re-read p50 9–21 s in the saturated " +
          "runs, none failed); the activity message should carry what the officer's list needs (the per-audience " +
          "projection of the privacy issue), so that the console re-reads only the case it shows in full.");
        L("10. **Cases shaped per audience (the previous build).** Every live message is now shaped for its audience on the " +
          "server: the broadcast screens, oversight, each assigned bureau, grid workers and the citizen following the case " +
          "each get their own send, so an activity costs four sends plus one per assigned bureau instead of one. A bureau's " +
          "message carries its row of the case, and officer.js (and the bench's consoles) keep it instead of re-reading. " +
          "Measured in that build's run against the build before: console re-reads at 500/s offered went from 18,183 " +
          "(p99 12,870 ms from filing to the re-read's answer) to 0 (the console holds the case on the message's arrival, " +
          "p99 486 ms); the claim-race consoles made 0 re-reads; closed-loop intake 585 appeals/s (494 before), since the " +
          "audited re-reads no longer compete for the host's CPU. **Cost:** the screen p99 at 500/s offered is 486 ms " +
          "(287–293 ms before): the extra sends per activity on the same two cores. Still well short of the 100 ms " +
          "target, which this machine's CPU bounds (finding 9).");
        L("11. **Camera ingest over MQTT and over HTTP (this build): what bounds it.** The target (20,000 reads/s with every " +
          "check) is missed on both paths: 11,606 reads/s over HTTP (closed loop) and 8,197 over MQTT in this page's run, on " +
          "a quiet machine (load average under 3 before it started). The MQTT alert target is met (p99 32.5 ms at 2,000 " +
          "reads/s offered). MQTT takes 71 % of the HTTP closed loop's rate and 17 % of what the broker alone carries " +
          "(47,638 messages/s publish → subscriber, QoS 1): the transport is not the bound. The first run of this build, on " +
          "a machine shared with other builds and tests (load average 13–22), gave 6,529 (HTTP) and 5,773 (MQTT) reads/s and " +
          "an MQTT alert p99 of 1,204 ms: the figures move with the CPU the host gets. " +
          "A first version of the subscriber that took one batch at a time reached 148 % of HTTP in a short run but used under " +
          "half a core: it waited for each batch's store and grain calls; it now takes four batches at once and acknowledges " +
          "them in order. A 12 s sample of the host (`dotnet-trace collect --profile dotnet-sampled-thread-time`, on-CPU stacks " +
          "grouped inclusively) during the MQTT saturation run: Orleans' scheduling and messaging 41 %; the vehicle grains' " +
          "`Record` 21 %, of which the activation of vehicles seen for the first time 11 % (each reads its checkpoint row and " +
          "replays the plate's reads from the sighting log: two PostgreSQL round trips per new vehicle, and the run's pool is " +
          "mostly new vehicles) and the rules lookup 13 % (every `Record` asks the one `SecurityRulesGrain` for the rules: one " +
          "call per vehicle per batch to a single activation); Npgsql 22 % (the batch insert, the checkpoint reads, the replays); " +
          "the runtime's GC polling 14 %; reading Frigate's JSON 1.6 %, validation and plate matching under 1 %. So the bound is " +
          "per-vehicle work in grains and PostgreSQL round trips, on CPUs that PostgreSQL, the broker and the load generator " +
          "share, not the transport. **Next steps, not done here:** hand the vehicle grains the rules version the ingest already " +
          "read (one rules call per batch instead of one per vehicle); read the checkpoints of a batch's new vehicles in one " +
          "query; measure on a machine not shared with other work.");
        L(string.Empty);
    }
}
