using Hanan.Ops.Contracts.Appeals;
using Microsoft.Extensions.Options;
using Orleans.Streams;
using Orleans.Streams.Core;

namespace Hanan.Ops.Grains.Appeals;

/// <summary>
/// A consumer of one partition of case activity: the stream pushes each committed change at once; every
/// <see cref="LiveStreamOptions.CatchUpEvery"/>, and whenever the consumer is activated (after its silo was lost, by
/// the next activity or by its reminder), it reads the activity log for what the stream did not deliver
/// (<see cref="ActivityCatchUp"/>). Both paths end in <see cref="Accept"/>; consumers apply by version, so an entry
/// seen twice changes nothing.
/// </summary>
public abstract class ActivityConsumerGrain(ICaseStore store, IOptions<LiveStreamOptions> streams, IOptions<EscalationOptions> escalation)
    : Grain, IActivityConsumerGrain, IStreamSubscriptionObserver, IAsyncObserver<CaseActivity>, IRemindable
{
    private const string KeepAlive = "activity-catch-up";
    private ActivityCatchUp? _catchUp;

    /// <summary>The consumer's name in the cursor table.</summary>
    protected abstract string ConsumerName { get; }

    /// <summary>Takes a change (pushed or caught up); called in the grain's turn.</summary>
    protected abstract void Accept(CaseActivity activity);

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        var key = this.GetPrimaryKeyString();
        var partition = key.Length > 1 && key[0] == 'p' && int.TryParse(key.AsSpan(1), out var p) && p is >= 0 and < CasePartitions.Count
            ? p
            : throw new ArgumentException($"A case-activity consumer is keyed by its partition, p0 to p{CasePartitions.Count - 1} (was '{key}').");
        _catchUp = new ActivityCatchUp(store, ConsumerName, partition);
        this.RegisterGrainTimer(static (grain, _) => grain.CatchUpQuietly(), this,
            new GrainTimerCreationOptions { DueTime = TimeSpan.Zero, Period = streams.Value.CatchUpEvery, Interleave = false });
        await base.OnActivateAsync(cancellationToken);
    }

    public async Task OnSubscribed(IStreamSubscriptionHandleFactory handleFactory) =>
        await handleFactory.Create<CaseActivity>().ResumeAsync(this);

    public Task OnNextAsync(CaseActivity item, StreamSequenceToken? token = null)
    {
        ArgumentNullException.ThrowIfNull(item);
        _catchUp!.Saw(item.Position);
        Accept(item);
        return Task.CompletedTask;
    }

    public Task OnCompletedAsync() => Task.CompletedTask;

    public Task OnErrorAsync(Exception ex) => Task.CompletedTask;

    public async Task Start() =>
        await this.RegisterOrUpdateReminder(KeepAlive, escalation.Value.ReminderPeriod, escalation.Value.ReminderPeriod);

    public Task ReceiveReminder(string reminderName, TickStatus status) => CatchUpQuietly();

    public async Task<int> CatchUp()
    {
        var missed = await _catchUp!.MissedAsync(streams.Value.Settle);
        foreach (var activity in missed)
        {
            Accept(activity);
        }

        return missed.Count;
    }

    private async Task CatchUpQuietly()
    {
        try
        {
            await CatchUp();
        }
        catch (CaseStoreUnavailableException)
        {
            // The log cannot be read now; the next tick tries again, and nothing moved the cursor.
        }
    }
}
