namespace Hanan.Ops.Contracts.Grid;

/// <summary>A notice (传达) a grid worker sends to the residents of one or more grids.</summary>
[GenerateSerializer, Immutable, Alias("hanan.grid.NoticeDraft")]
public sealed record NoticeDraft(
    [property: Id(0)] string Title,
    [property: Id(1)] string Body,
    [property: Id(2)] IReadOnlyList<string> GridCodes,
    [property: Id(3)] string SentBy,
    [property: Id(4)] DateTimeOffset At);

/// <summary>A notice with who it reached: recipients (the residents of its grids when sent), received, read.</summary>
[GenerateSerializer, Immutable, Alias("hanan.grid.NoticeView")]
public sealed record NoticeView(
    [property: Id(0)] Guid Id,
    [property: Id(1)] string Title,
    [property: Id(2)] string Body,
    [property: Id(3)] IReadOnlyList<string> GridCodes,
    [property: Id(4)] string SentBy,
    [property: Id(5)] DateTimeOffset SentAt,
    [property: Id(6)] int Recipients,
    [property: Id(7)] int Received,
    [property: Id(8)] int Read,
    [property: Id(9)] IReadOnlyList<Guid> ReadBy);

public enum AcknowledgeResult
{
    Recorded,
    Unchanged,
    NotARecipient,
    NoSuchNotice,
}

/// <summary>One notice, keyed by its id (state <c>notice</c>).</summary>
[Alias("hanan.grid.INoticeGrain")]
public interface INoticeGrain : IGrainWithGuidKey
{
    /// <summary>Sends the notice once: the recipients are fixed from the base data when it is first stored. A repeat answers the stored notice.</summary>
    [Alias("Send")]
    Task<NoticeView> Send(NoticeDraft draft);

    [Alias("Get")]
    Task<NoticeView?> Get();

    /// <summary>A recipient received, or read, the notice.</summary>
    [Alias("Acknowledge")]
    Task<AcknowledgeResult> Acknowledge(Guid residentId, bool read);
}
