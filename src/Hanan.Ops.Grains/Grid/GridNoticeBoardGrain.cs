using Hanan.Ops.Contracts.Grid;

namespace Hanan.Ops.Grains.Grid;

/// <summary>The persisted state of a grid's notice board (state name <c>grid-notice-board</c>).</summary>
[GenerateSerializer, Alias("hanan.grid.GridNoticeBoardState")]
public sealed class GridNoticeBoardState
{
    [Id(0)] public List<PostedNotice> Notices { get; set; } = [];
}

/// <summary>The notices sent to one grid (<see cref="IGridNoticeBoardGrain"/>), kept up to <see cref="MaxNotices"/>, newest first.</summary>
public sealed class GridNoticeBoardGrain(
    [PersistentState("grid-notice-board", StorageProviders.District)] IPersistentState<GridNoticeBoardState> state) : Grain, IGridNoticeBoardGrain
{
    /// <summary>The oldest notices fall off beyond this many.</summary>
    public const int MaxNotices = 500;

    public async Task Post(PostedNotice notice)
    {
        ArgumentNullException.ThrowIfNull(notice);
        if (state.State.Notices.Any(n => n.Id == notice.Id))
        {
            return;
        }

        var before = state.State.Notices;
        state.State.Notices = [.. before.Append(notice).OrderByDescending(n => n.SentAt).ThenBy(n => n.Id).Take(MaxNotices)];
        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            state.State.Notices = before;
            throw;
        }
    }

    public Task<IReadOnlyList<PostedNotice>> Latest(int limit) =>
        Task.FromResult<IReadOnlyList<PostedNotice>>([.. state.State.Notices.Take(Math.Clamp(limit, 0, MaxNotices))]);
}
