namespace Hanan.Ops.Host.Open311;

/// <summary>The <c>Hanan:Open311</c> section: what discovery says and how much each client may ask.</summary>
public sealed class Open311Options
{
    public const string Section = "Hanan:Open311";

    /// <summary>Who integrators contact (discovery's <c>contact</c>).</summary>
    public string Contact { get; set; } = "平房区智慧城区云中心 接口对接：0451-86500000";

    /// <summary>How a client application gets a key (discovery's <c>key_service</c>).</summary>
    public string KeyService { get; set; } = "向区智慧城区云中心系统管理员申请，每个接入系统一个 api_key。";

    /// <summary>production or test (discovery's endpoint <c>type</c>).</summary>
    public string EndpointType { get; set; } = "production";

    /// <summary>When this interface last changed (discovery's <c>changeset</c>).</summary>
    public DateTimeOffset Changeset { get; set; } = new(2026, 12, 8, 0, 0, 0, TimeSpan.FromHours(8));

    /// <summary>Requests per minute a newly issued client may send, unless the administrator says otherwise.</summary>
    public int DefaultRequestsPerMinute { get; set; } = 600;
}
