using System.Text;
using Hanan.Ops.Domain.Audit;

namespace Hanan.Ops.Storage.Tests.Audit;

/// <summary>The tests' audit key (id <c>test-1</c>), as the hosts and the verifier would have it from their configuration.</summary>
public static class TestAuditKeys
{
    public const string KeyId = "test-1";

    /// <summary>32 bytes, base64: the form <c>Hanan:Audit:Keys:test-1</c> and key files take.</summary>
    public static readonly string Secret = Convert.ToBase64String(Encoding.UTF8.GetBytes("hanan-ops-audit-test-key-32bytes"));

    public static AuditKeyRing Ring { get; } = new(new AuditKey(KeyId, Convert.FromBase64String(Secret)));
}
