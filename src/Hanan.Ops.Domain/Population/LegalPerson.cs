using Hanan.Ops.Domain.Identity;

namespace Hanan.Ops.Domain.Population;

/// <summary>
/// An organisation (组织): a legal person or other registered organisation, identified by its unified social credit
/// code, located in a grid.
/// </summary>
/// <param name="PlaceId">The building it is in, when known.</param>
public sealed record LegalPerson(
    UnifiedSocialCreditCode Code,
    string Name,
    string GridCode,
    double Longitude,
    double Latitude,
    string? PlaceId)
{
    /// <summary>The kind of organisation, from the code's first two characters (登记管理部门 and 机构类别).</summary>
    public string KindName => (Code.RegisteringAuthority, Code.OrganisationType) switch
    {
        ('9', '1') => "企业",
        ('9', '2') => "个体工商户",
        ('9', '3') => "农民专业合作社",
        ('5', '1') => "社会团体",
        ('5', '2') => "民办非企业单位",
        ('1', _) => "机关",
        _ => "其他组织",
    };
}
