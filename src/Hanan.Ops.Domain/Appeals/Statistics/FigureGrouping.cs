namespace Hanan.Ops.Domain.Appeals;

/// <summary>How case figures are grouped.</summary>
public enum FigureGrouping
{
    /// <summary>By handling bureau (委办局): the unit the 三率 ranking is about.</summary>
    Bureau,

    /// <summary>By street (街道), 9-digit code.</summary>
    Street,

    /// <summary>By grid (网格) code.</summary>
    Grid,

    /// <summary>By appeal category code.</summary>
    Category,

    /// <summary>The whole district as one group (code 230108): the wall's 三率 tiles.</summary>
    District,
}
