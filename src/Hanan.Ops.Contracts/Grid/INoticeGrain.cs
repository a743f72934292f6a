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

/// <summary>A notice as one recipient sees it: what it says, when it came, whether they received and read it.</summary>
[GenerateSerializer, Immutable, Alias("hanan.grid.ResidentNotice")]
public sealed record ResidentNotice(
    [property: Id(0)] Guid Id,
    [property: Id(1)] string Title,
    [property: Id(2)] string Body,
    [property: Id(3)] DateTimeOffset SentAt,
    [property: Id(4)] bool Received,
    [property: Id(5)] bool Read);

/// <summary>A notice sent to a grid, as the grid's notice board lists it.</summary>
[GenerateSerializer, Immutable, Alias("hanan.grid.PostedNotice")]
public sealed record PostedNotice(
    [property: Id(0)] Guid Id,
    [property: Id(1)] DateTimeOffset SentAt);

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

    /// <summary>The notice as this resident sees it, or null when there is no notice or they are not a recipient.</summary>
    [Alias("ForResident")]
    Task<ResidentNotice?> ForResident(Guid residentId);
}

/// <summary>
/// The notices sent to one grid, newest first, keyed by the grid code (state <c>grid-notice-board</c>): how a
/// resident finds the notices addressed to them. A notice posts itself once it is stored; posting twice changes nothing.
/// </summary>
[Alias("hanan.grid.IGridNoticeBoardGrain")]
public interface IGridNoticeBoardGrain : IGrainWithStringKey
{
    [Alias("Post")]
    Task Post(PostedNotice notice);

    /// <summary>The newest notices, at most <paramref name="limit"/>.</summary>
    [Alias("Latest")]
    Task<IReadOnlyList<PostedNotice>> Latest(int limit);
}
