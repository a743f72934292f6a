using Microsoft.AspNetCore.Authorization;

namespace Hanan.Ops.Host.Security;

/// <summary>
/// One named policy per capability, each a list of roles (least privilege). Data scopes (own bureau, own grids, own
/// appeals) are checked on top by <see cref="CaseScope"/>. Anything without a policy needs a signed-in user (the
/// fallback policy), and the authorisation matrix test fails for an endpoint it does not know.
/// </summary>
public static class Policies
{
    public const string ViewCase = "cases.view";
    public const string ListCases = "cases.list";
    public const string BureauQueue = "cases.queue";
    public const string HandleCase = "cases.handle";
    public const string CitizenCase = "cases.citizen";
    public const string Dispatch = "cases.dispatch";
    public const string Supervise = "cases.supervise";
    public const string RevealContact = "cases.contact-reveal";
    public const string Statistics = "stats.view";

    /// <summary>The command-centre wall (大屏): read-only.</summary>
    public const string Wall = "live.wall";

    /// <summary>The supervision bureau's live view (also the command centre's).</summary>
    public const string SupervisionView = "live.supervision";

    /// <summary>The leaders' view of hot cases.</summary>
    public const string LeadersView = "live.leaders";

    /// <summary>Any live view on the hub; each hub method checks its own view.</summary>
    public const string Live = "live.connect";

    /// <summary>Trajectories, face events and camera queries (PIPL Art. 26): police only.</summary>
    public const string Police = "police";

    /// <summary>Recognition events and heartbeats from edge boxes and checkpoints (police service accounts).</summary>
    public const string CameraIngest = "cameras.ingest";

    /// <summary>Camera status, masked alerts and fences: the wall roles and the police.</summary>
    public const string CameraView = "cameras.view";

    /// <summary>An alert's lifecycle (acknowledge, dispatch, close) and a case from it.</summary>
    public const string HandleAlerts = "alerts.handle";
    public const string AuditRead = "audit.read";

    /// <summary>Residents (人口): lookup by ID, search, a resident, their history. Grid workers for their grids only.</summary>
    public const string ResidentsRead = "residents.read";

    /// <summary>Changing a resident (moves, visits): the grid workers of the resident's grid.</summary>
    public const string ResidentsWrite = "residents.write";

    /// <summary>
    /// Restricted tags (elderly living alone, disability, low income, special groups): shown and searchable only for
    /// these roles, masked for the other readers. A capability checked in the handlers, not an endpoint policy.
    /// </summary>
    public const string RestrictedTags = "residents.tags";

    /// <summary>Legal persons (法人) by credit code: the staff who deal with organisations.</summary>
    public const string LegalPersons = "legal-persons.read";

    /// <summary>A grid's figures, statistics, situation reports and ratings; grid workers for their grids only.</summary>
    public const string GridsView = "grids.view";

    /// <summary>Situation reports and bureau ratings from the grid (情, 监督员评价): the grid's own workers.</summary>
    public const string GridsReport = "grids.report";

    /// <summary>Sending notices (传达): grid workers to their grids, the command centre to any grid.</summary>
    public const string NoticesSend = "notices.send";

    /// <summary>A notice with its receipts and reads.</summary>
    public const string NoticesView = "notices.view";

    /// <summary>Recording that a resident of the worker's grid received or read a notice.</summary>
    public const string NoticesReceipt = "notices.receipt";

    /// <summary>The grid-worker roster (网格员花名册) with masked phones: the district-wide roles and the administrator who keeps it.</summary>
    public const string RosterView = "roster.view";

    /// <summary>Putting workers on the roster and assigning their grids: the system administrator.</summary>
    public const string RosterManage = "roster.manage";

    /// <summary>A citizen's own data (实名绑定, their resident record, household and notices): the citizen themselves.</summary>
    public const string CitizenSelf = "citizen.self";

    /// <summary>Errands (代办) for residents of the worker's grids: accept, progress, read.</summary>
    public const string Errands = "errands.handle";
    public const string Administer = "admin";
    public const string SignedIn = "signed-in";

    /// <summary>Which roles each policy admits.</summary>
    public static IReadOnlyDictionary<string, string[]> RolesOf { get; } = new Dictionary<string, string[]>
    {
        [ViewCase] = [Roles.Officer, Roles.BureauHead, Roles.Dispatcher, Roles.Supervision, Roles.Leader, Roles.GridWorker, Roles.Citizen],
        [ListCases] = [Roles.Officer, Roles.BureauHead, Roles.Dispatcher, Roles.Supervision, Roles.Leader],
        [BureauQueue] = [Roles.Officer, Roles.BureauHead, Roles.Dispatcher, Roles.Supervision],
        [HandleCase] = [Roles.Officer, Roles.BureauHead],
        [CitizenCase] = [Roles.Citizen],
        [Dispatch] = [Roles.Dispatcher],
        [Supervise] = [Roles.Supervision],
        [RevealContact] = [Roles.Officer, Roles.BureauHead, Roles.Dispatcher],
        [Statistics] = [Roles.BureauHead, Roles.Dispatcher, Roles.Supervision, Roles.Leader],
        [Wall] = [Roles.Dispatcher, Roles.Leader, Roles.Supervision],
        [SupervisionView] = [Roles.Supervision, Roles.Dispatcher],
        [LeadersView] = [Roles.Leader, Roles.Dispatcher],
        [Live] = [Roles.Officer, Roles.BureauHead, Roles.Dispatcher, Roles.Supervision, Roles.Leader, Roles.GridWorker, Roles.Citizen, Roles.Police],
        [Police] = [Roles.Police],
        [CameraIngest] = [Roles.Police],
        [CameraView] = [Roles.Dispatcher, Roles.Leader, Roles.Supervision, Roles.Police],
        [HandleAlerts] = [Roles.Police, Roles.Dispatcher],
        [AuditRead] = [Roles.Auditor],
        [ResidentsRead] = [Roles.GridWorker, Roles.Dispatcher],
        [ResidentsWrite] = [Roles.GridWorker],
        [RestrictedTags] = [Roles.GridWorker],
        [LegalPersons] = [Roles.GridWorker, Roles.Officer, Roles.BureauHead, Roles.Dispatcher, Roles.Supervision, Roles.Leader, Roles.Police],
        [GridsView] = [Roles.GridWorker, Roles.Dispatcher, Roles.Supervision, Roles.Leader],
        [GridsReport] = [Roles.GridWorker],
        [NoticesSend] = [Roles.GridWorker, Roles.Dispatcher],
        [NoticesView] = [Roles.GridWorker, Roles.Dispatcher],
        [NoticesReceipt] = [Roles.GridWorker],
        [Errands] = [Roles.GridWorker],
        [RosterView] = [Roles.Dispatcher, Roles.Supervision, Roles.Leader, Roles.Administrator],
        [RosterManage] = [Roles.Administrator],
        [CitizenSelf] = [Roles.Citizen],
        [Administer] = [Roles.Administrator],
        [SignedIn] = [.. Roles.All],
    };

    public static void Add(AuthorizationOptions options)
    {
        foreach (var (name, roles) in RolesOf)
        {
            options.AddPolicy(name, p => p.RequireAuthenticatedUser().RequireClaim(HananClaims.Role, roles));
        }

        // Deny by default: an endpoint that names no policy still needs a signed-in user.
        options.FallbackPolicy = new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build();
    }
}
