using Hanan.Ops.Contracts.Appeals;
using Hanan.Ops.Contracts.Live;
using Hanan.Ops.Domain.Appeals;
using Hanan.Ops.Domain.Live;
using Microsoft.Extensions.Logging;

namespace Hanan.Ops.Grains.Live;

/// <summary>
/// Holds the domain's <see cref="DistrictPicture"/> for the command-centre wall and publishes what changed, at most
/// once per <see cref="PushEvery"/>, as numbered <see cref="PictureDelta"/>s through the live feed. Nothing is stored:
/// on activation it rebuilds from the read model (appeals filed within the last 7 days, every unfinished case, and every
/// case resolved today, which may be closed already and filed long ago).
/// </summary>
/// <remarks>
/// Sequence numbers start at the activation's Unix time in milliseconds and grow by one per delta. At two deltas a
/// second they never catch up with the clock, so a later activation always numbers above an earlier one, and a client
/// holding an old snapshot sees a gap, not a repeat.
/// </remarks>
public sealed partial class DistrictPictureGrain(ICaseReadModel readModel, LiveHosts hosts, DistrictClock clock, TimeProvider time, ILogger<DistrictPictureGrain> logger)
    : Grain, IDistrictPictureGrain
{
    /// <summary>The coalescing period: at most one delta per period.</summary>
    public static readonly TimeSpan PushEvery = TimeSpan.FromMilliseconds(500);

    /// <summary>How often the picture is recomputed when nothing arrived, so appeals age out of the windows.</summary>
    public static readonly TimeSpan RollEvery = TimeSpan.FromSeconds(30);

    private static readonly CaseStatus[] Unfinished = [.. Enum.GetValues<CaseStatus>().Where(s => s is not (CaseStatus.Closed or CaseStatus.Merged))];

    private readonly DistrictPicture _picture = new();
    private PictureState _published = PictureState.Empty;
    private long _sequence;
    private bool _changed;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _sequence = time.GetUtcNow().ToUnixTimeMilliseconds();
        var now = clock.Now;
        foreach (var s in await readModel.FiledBetweenAsync(now - DistrictPicture.Retention, now.AddMinutes(1), cancellationToken))
        {
            _picture.Upsert(ToPicture(s));
        }

        await LoadAll(new CaseQuery(Statuses: Unfinished, Limit: CaseQuery.MaxLimit), cancellationToken);
        await LoadAll(new CaseQuery(Statuses: [CaseStatus.Closed], ResolvedFrom: LiveCounts.DayStart(now), Limit: CaseQuery.MaxLimit), cancellationToken);
        _published = _picture.Compute(now);
        this.RegisterGrainTimer(static (grain, _) => grain.Push(), this,
            new GrainTimerCreationOptions { DueTime = PushEvery, Period = PushEvery, Interleave = false, KeepAlive = true });
    }

    private async Task LoadAll(CaseQuery query, CancellationToken cancellationToken)
    {
        string? after = null;
        do
        {
            var page = await readModel.QueryAsync(query with { After = after }, cancellationToken);
            foreach (var s in page.Items)
            {
                _picture.Upsert(ToPicture(s));
            }

            after = page.NextCursor;
        }
        while (after is not null);
    }

    public Task Apply(IReadOnlyList<CaseSummary> summaries)
    {
        foreach (var s in summaries)
        {
            _changed |= _picture.Upsert(ToPicture(s));
        }

        return Task.CompletedTask;
    }

    public Task<PictureSnapshot> GetSnapshot() => Task.FromResult(PictureMessages.Snapshot(_sequence, _published));

    private async Task Push()
    {
        var now = clock.Now;
        if (!_changed && now - _published.AsOf < RollEvery)
        {
            return;
        }

        _changed = false;
        var state = _picture.Compute(now);
        var change = state.Since(_published);
        _published = state;
        if (change.IsEmpty)
        {
            return;
        }

        var delta = PictureMessages.Delta(++_sequence, change);
        try
        {
            await hosts.FanOut(o => o.OnPicture(delta));
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The screens see a gap in the numbering and fetch a fresh snapshot.
            LogPublishFailed(logger, ex, delta.Sequence);
        }
    }

    private static PictureCase ToPicture(CaseSummary s) => new(
        s.Id, s.Version, s.Status, s.CategoryCode, s.GridCode, s.Latitude, s.Longitude, s.Hot, s.Overdue, s.FiledAt, s.ResolvedAt);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Publishing picture delta {Sequence} to the live feed failed")]
    private static partial void LogPublishFailed(ILogger logger, Exception exception, long sequence);
}
