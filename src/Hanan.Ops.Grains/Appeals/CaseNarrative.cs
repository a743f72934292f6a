using System.Globalization;
using Hanan.Ops.Domain;
using Hanan.Ops.Domain.Appeals;
using Hanan.Ops.Domain.Calendar;

namespace Hanan.Ops.Grains.Appeals;

/// <summary>Turns domain events into timeline entries: a stable action code, a sentence in Chinese, and whether the citizen sees it.</summary>
internal sealed class CaseNarrative(RoutingTable routing)
{
    public (string Action, string Description, bool Public) Describe(CaseEvent e, string leadBureau) => e.Kind switch
    {
        // The officer is the entry's actor: the citizen's sentence names the bureau only.
        CaseEventKind.Claimed => ("claimed", $"{Bureau(e.BureauId)}已签收，正在办理", true),
        CaseEventKind.Unclaimed => ("unclaimed", $"{Bureau(e.BureauId)}经办人 {e.OfficerId ?? e.Actor.Id} 退回待签收", false),
        CaseEventKind.Transferred => ("transferred", $"{Bureau(e.BureauId)}内部转交给 {e.OfficerId}", false),
        CaseEventKind.NoteAdded => e.IsPublic
            ? ("progress", $"办理进展：{e.Text}", true)
            : ("note", $"内部备注：{e.Text}", false),
        CaseEventKind.CitizenAsked => ("citizen-asked", $"请诉求人补充信息：{e.Text}", true),
        CaseEventKind.CitizenReplied => ("citizen-replied", $"诉求人补充：{e.Text}", true),
        CaseEventKind.CitizenSupplemented => ("citizen-supplemented", $"诉求人补充说明：{e.Text}", true),
        CaseEventKind.CoHandlerReported => ("co-handler-reported", $"{Bureau(e.BureauId)}（协办）反馈：{e.Text}", false),
        CaseEventKind.LeadResolved => ("lead-resolved", $"{Bureau(e.BureauId)}（主办）办结：{e.Text}", true),
        CaseEventKind.CaseResolved => ("resolved", "各承办单位均已办结，等待诉求人评价", true),
        CaseEventKind.Returned => ("returned", $"{Bureau(e.BureauId)}退单：{e.Text}", false),
        CaseEventKind.Rerouted => ("rerouted", $"指挥中心改派至{Bureau(e.BureauId)}（主办）{CoList(e)}", true),
        CaseEventKind.ExtensionRequested => ("extension-requested", $"{Bureau(e.BureauId)}申请延期 {e.Limit}：{e.Text}", false),
        CaseEventKind.ExtensionApproved => ("extension-approved", $"区监察局批准延期，新的办结时限 {Local(e.DueAt)}", true),
        CaseEventKind.ExtensionDenied => ("extension-denied", $"区监察局不予延期：{e.Text}", false),
        CaseEventKind.ExtensionLapsed => ("extension-lapsed", "延期申请已失效", false),
        CaseEventKind.Escalated => Escalation(e, leadBureau),
        CaseEventKind.ClaimOverdue => ("claim-overdue", $"{Bureau(e.BureauId)}超时未签收（签收时限 {Local(e.DueAt)}）", false),
        CaseEventKind.ClaimExpired => ("claim-expired", $"{Bureau(e.BureauId)}签收后未及时办理，退回待签收队列", false),
        CaseEventKind.Rated => ("rated", $"诉求人评价：{RatingName(e.Rating)}{(string.IsNullOrEmpty(e.Text) ? "" : "，" + e.Text)}", true),
        CaseEventKind.Reopened => ("reopened", $"评价不满意，重新交由{Bureau(e.BureauId)}整改（整改时限 {Local(e.DueAt)}）", true),
        CaseEventKind.SentToReview => ("sent-to-review", "多次不满意，转区监察局复核", true),
        CaseEventKind.ReviewClosed => ("review-closed", $"区监察局复核结案：{e.Text}", true),
        CaseEventKind.ClosedUnrated => ("closed-unrated", "评价期满未评价，按未评价结案", true),
        CaseEventKind.FlaggedHot => ("flagged-hot", $"列为热点案件（{HotName(e.HotReason)}）", false),
        CaseEventKind.Merged => ("merged", $"与案件 {e.RelatedCaseId} 合并办理", true),
        CaseEventKind.DeadlinesReplanned => ("deadlines-replanned", $"因节假日安排调整（{e.Text}），办结时限由 {Local(e.PreviousDueAt)} 调整为 {Local(e.DueAt)}", true),
        CaseEventKind.DuplicateAbsorbed => ("duplicate-absorbed", $"合并重复诉求 {e.RelatedCaseId}，涉及群众增加", false),
        _ => (e.Kind.ToString(), e.Kind.ToString(), false),
    };

    private (string, string, bool) Escalation(CaseEvent e, string leadBureau) => e.Step switch
    {
        EscalationStep.Warning => ("warning", $"办理时限已用75%（预警时点 {Local(e.DueAt)}）", false),
        EscalationStep.Overdue => ("overdue", $"已超期（办结时限 {Local(e.DueAt)}），通报{Bureau(e.BureauId ?? leadBureau)}负责人", false),
        EscalationStep.SupervisionNotice => ("supervision-notice", $"超期1个工作日，区监察局发出督办通知（{Local(e.DueAt)}）", false),
        EscalationStep.DistrictLeaders => ("district-leaders", $"超期5个工作日，报区领导（{Local(e.DueAt)}）", false),
        _ => ("escalated", "升级督办", false),
    };

    private string Bureau(string? id) => id is null ? "承办单位" : routing.FindBureau(id)?.Name ?? id;

    private string CoList(CaseEvent e) =>
        e.CoHandlers.Count == 0 ? "" : "，" + string.Join("、", e.CoHandlers.Select(c => Bureau(c))) + "（协办）";

    private static string Local(DateTimeOffset? at) => at is null
        ? ""
        : TimeZoneInfo.ConvertTime(at.Value, District.TimeZone).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);

    private static string RatingName(int? level) => CaseWords.Rating(level);

    private static string HotName(HotReason? reason) => reason switch
    {
        HotReason.Emergency => "紧急类诉求",
        HotReason.Cluster => "同类诉求聚集",
        HotReason.Dispatcher => "指挥中心标记",
        _ => "热点",
    };
}
