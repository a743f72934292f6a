namespace Hanan.Ops.Domain.Calendar;

/// <summary>The steps a case goes through as its time limit runs out, in the order they fall due.</summary>
public enum EscalationStep
{
    /// <summary>预警: 75% of the time limit has passed.</summary>
    Warning = 0,

    /// <summary>超期: the time limit has run out; the head of the bureau handling the case is told.</summary>
    Overdue = 1,

    /// <summary>督办: one working day after the due instant, the supervision bureau issues a formal supervision notice.</summary>
    SupervisionNotice = 2,

    /// <summary>Five working days after the due instant, the case is reported to the district leaders.</summary>
    DistrictLeaders = 3,
}
