using Hanan.Ops.Contracts.Grid;
using Hanan.Ops.Contracts.Residents;
using Hanan.Ops.Domain.Population;

namespace Hanan.Ops.Grains.Grid;

/// <summary>The persisted state of a notice (state name <c>notice</c>): the draft, its recipients and their acknowledgements.</summary>
[GenerateSerializer, Alias("hanan.grid.NoticeState")]
public sealed class NoticeState
{
    [Id(0)] public NoticeDraft? Draft { get; set; }

    [Id(1)] public List<Guid> Recipients { get; set; } = [];

    [Id(2)] public List<Guid> Received { get; set; } = [];

    [Id(3)] public List<Guid> Read { get; set; } = [];
}

/// <summary>
/// One notice (传达): sent once to the residents of its grids (fixed from the base data when stored), then tracks who
/// received and who read it (<see cref="NoticeDelivery"/>).
/// </summary>
public sealed class NoticeGrain(
    [PersistentState("notice", StorageProviders.District)] IPersistentState<NoticeState> state,
    IResidentReadModel residents) : Grain, INoticeGrain
{
    private NoticeDelivery? _delivery;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (state.State.Draft is not null)
        {
            _delivery = new NoticeDelivery(state.State.Recipients, state.State.Received, state.State.Read);
        }

        return Task.CompletedTask;
    }

    public async Task<NoticeView> Send(NoticeDraft draft)
    {
        ArgumentNullException.ThrowIfNull(draft);
        if (state.State.Draft is not null)
        {
            // A retry posts again, in case the first attempt stored the notice but failed to post it.
            await PostAsync(state.State.Draft);
            return View();
        }

        var recipients = new List<Guid>();
        foreach (var grid in draft.GridCodes.Distinct(StringComparer.Ordinal))
        {
            recipients.AddRange((await residents.ResidentsInGridAsync(grid)).Select(r => r.Id));
        }

        state.State = new NoticeState { Draft = draft, Recipients = recipients };
        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            state.State = new NoticeState();
            throw;
        }

        _delivery = new NoticeDelivery(recipients);
        await PostAsync(draft);
        return View();
    }

    public Task<ResidentNotice?> ForResident(Guid residentId)
    {
        if (_delivery is null || !_delivery.IsRecipient(residentId))
        {
            return Task.FromResult<ResidentNotice?>(null);
        }

        var d = state.State.Draft!;
        return Task.FromResult<ResidentNotice?>(new ResidentNotice(this.GetPrimaryKey(), d.Title, d.Body, d.At,
            _delivery.ReceivedBy.Contains(residentId), _delivery.ReadBy.Contains(residentId)));
    }

    /// <summary>Puts the notice on the boards of its grids, so that its recipients find it.</summary>
    private Task PostAsync(NoticeDraft draft) =>
        Task.WhenAll(draft.GridCodes.Distinct(StringComparer.Ordinal)
            .Select(g => GrainFactory.GetGrain<IGridNoticeBoardGrain>(g).Post(new PostedNotice(this.GetPrimaryKey(), draft.At))));

    public Task<NoticeView?> Get() => Task.FromResult(state.State.Draft is null ? null : View());

    public async Task<AcknowledgeResult> Acknowledge(Guid residentId, bool read)
    {
        if (_delivery is null)
        {
            return AcknowledgeResult.NoSuchNotice;
        }

        if (!_delivery.IsRecipient(residentId))
        {
            return AcknowledgeResult.NotARecipient;
        }

        if (!_delivery.Acknowledge(residentId, read))
        {
            return AcknowledgeResult.Unchanged;
        }

        var (received, readBy) = (state.State.Received, state.State.Read);
        state.State.Received = [.. _delivery.ReceivedBy];
        state.State.Read = [.. _delivery.ReadBy];
        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            (state.State.Received, state.State.Read) = (received, readBy);
            _delivery = new NoticeDelivery(state.State.Recipients, received, readBy);
            throw;
        }

        return AcknowledgeResult.Recorded;
    }

    private NoticeView View()
    {
        var d = state.State.Draft!;
        return new NoticeView(this.GetPrimaryKey(), d.Title, d.Body, d.GridCodes, d.SentBy, d.At,
            _delivery!.Recipients, _delivery.Received, _delivery.Read, [.. _delivery.ReadBy]);
    }
}
