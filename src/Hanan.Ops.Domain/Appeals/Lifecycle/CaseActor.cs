namespace Hanan.Ops.Domain.Appeals;

/// <summary>In which capacity someone acted on a case.</summary>
public enum ActorRole
{
    /// <summary>An officer of a handling bureau (承办人), acting for the bureau named in the event.</summary>
    Officer,

    /// <summary>A dispatcher of the command centre (指挥中心): routes, re-routes, merges duplicates.</summary>
    Dispatcher,

    /// <summary>A supervisor of the supervision bureau (监察局): decides extensions, reviews cases.</summary>
    Supervisor,

    /// <summary>The citizen who filed the appeal.</summary>
    Citizen,

    /// <summary>The system itself: deadlines, escalation, closing unrated cases.</summary>
    System,
}

/// <summary>Who acted: a person's id (or <c>system</c>) and the capacity they acted in.</summary>
public sealed record CaseActor(string Id, ActorRole Role)
{
    public static CaseActor System { get; } = new("system", ActorRole.System);

    public static CaseActor Officer(string officerId) => new(officerId, ActorRole.Officer);

    public static CaseActor Dispatcher(string dispatcherId) => new(dispatcherId, ActorRole.Dispatcher);

    public static CaseActor Supervisor(string supervisorId) => new(supervisorId, ActorRole.Supervisor);

    public static CaseActor Citizen(string citizenId) => new(citizenId, ActorRole.Citizen);
}
