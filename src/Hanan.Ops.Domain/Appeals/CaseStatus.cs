namespace Hanan.Ops.Domain.Appeals;

/// <summary>Where a case stands (案件状态).</summary>
public enum CaseStatus
{
    /// <summary>Stored, routed and in its bureaus' queues; the lead assignment is not claimed (已派发，待签收).</summary>
    Dispatched,

    /// <summary>The lead bureau's officer has claimed it and is handling it (办理中).</summary>
    InProgress,

    /// <summary>The handling officer asked the citizen for more information (待补充材料).</summary>
    AwaitingCitizen,

    /// <summary>The lead bureau returned it as wrongly assigned; the command centre must re-route it (退单待改派).</summary>
    Returned,

    /// <summary>The lead resolved it and every co-handler reported; waiting for the citizen's rating (已办结，待评价).</summary>
    Resolved,

    /// <summary>Rated, or the rating period ran out ("not rated"); finished (已关闭).</summary>
    Closed,

    /// <summary>Reopened too often: the supervision bureau reviews it (监察复核).</summary>
    UnderReview,

    /// <summary>Merged into a master case as a duplicate; the citizen follows the master (已合并).</summary>
    Merged,
}

/// <summary>A bureau's part in a case.</summary>
public enum AssignmentRole
{
    /// <summary>主办: owns the case and resolves it.</summary>
    Lead,

    /// <summary>协办: must report its part before the case can be resolved.</summary>
    CoHandler,
}

/// <summary>Where one bureau's assignment stands.</summary>
public enum AssignmentStatus
{
    /// <summary>In the bureau's queue, nobody has claimed it (待签收).</summary>
    Open,

    /// <summary>An officer of the bureau claimed it (已签收).</summary>
    Claimed,

    /// <summary>A co-handler reported its part (已反馈).</summary>
    Reported,

    /// <summary>The lead resolved the case (已办结).</summary>
    Resolved,

    /// <summary>Returned as wrongly assigned (已退单).</summary>
    Returned,
}

/// <summary>The one rule for what counts as an open case, shared by the figures, the live picture and the grid figures.</summary>
public static class CaseStatusRules
{
    /// <summary>Still being worked on: not resolved, closed or merged into another case.</summary>
    public static bool IsOpen(this CaseStatus status) => status is not (CaseStatus.Resolved or CaseStatus.Closed or CaseStatus.Merged);
}

/// <summary>The district's words for a case's status and its rating, as the trace, exports and prints show them.</summary>
public static class CaseWords
{
    public static string Status(CaseStatus status) => status switch
    {
        CaseStatus.Dispatched => "待签收",
        CaseStatus.InProgress => "办理中",
        CaseStatus.AwaitingCitizen => "待补充材料",
        CaseStatus.Returned => "退单待改派",
        CaseStatus.Resolved => "已办结，待评价",
        CaseStatus.Closed => "已关闭",
        CaseStatus.UnderReview => "监察复核中",
        CaseStatus.Merged => "已合并",
        _ => status.ToString(),
    };

    /// <summary>A rating of 1 to 5 (好差评), or 未评价.</summary>
    public static string Rating(int? level) => level switch
    {
        5 => "非常满意",
        4 => "满意",
        3 => "基本满意",
        2 => "不满意",
        1 => "非常不满意",
        _ => "未评价",
    };
}
