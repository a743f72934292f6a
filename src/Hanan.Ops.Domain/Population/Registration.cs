namespace Hanan.Ops.Domain.Population;

/// <summary>Whether a resident's household registration is here or elsewhere.</summary>
public enum Registration
{
    /// <summary>户籍人口: registered in the district.</summary>
    Registered = 0,

    /// <summary>流动人口: living here, registered elsewhere.</summary>
    Floating = 1,
}
