namespace Hanan.Ops.Host.Appeals;

// The acting person comes from the bearer token. officerId, dispatcherId, supervisorId and citizenId are ignored (kept so
// older clients still bind); bureauId is optional and, when given, must be the officer's own bureau.

/// <summary>An officer acting for a bureau: claim, unclaim.</summary>
public sealed record OfficerRequest(string? BureauId, string? OfficerId);

public sealed record TransferRequest(string? BureauId, string? OfficerId, string? ToOfficerId);

public sealed record NoteRequest(string? BureauId, string? OfficerId, string? Text, bool? Public);

public sealed record QuestionRequest(string? BureauId, string? OfficerId, string? Question);

public sealed record ReplyRequest(string? CitizenId, string? Text);

/// <summary>Resolve (lead) or report (co-handler) with a summary of what was done.</summary>
public sealed record OutcomeRequest(string? BureauId, string? OfficerId, string? Summary);

public sealed record ReturnRequest(string? BureauId, string? OfficerId, string? Reason);

public sealed record RerouteRequest(string? DispatcherId, string? LeadBureau, IReadOnlyList<string>? CoHandlers);

public sealed record ExtensionRequestBody(string? BureauId, string? OfficerId, string? Reason, string? Extra);

public sealed record ExtensionDecisionRequest(string? SupervisorId, bool? Approve, string? Reason);

public sealed record ReviewDecisionRequest(string? SupervisorId, bool? Close, string? Note);

public sealed record HotRequest(string? DispatcherId);

public sealed record MergeRequest(string? DispatcherId, Guid? MasterId);

/// <summary>好差评: 5 非常满意, 4 满意, 3 基本满意, 2 不满意, 1 非常不满意.</summary>
public sealed record RatingRequest(string? CitizenId, int? Level, string? Comment);
