using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Hanan.Ops.Host.Hosting;

namespace Hanan.Ops.Host.Tests.Hosting;

/// <summary>
/// What a silo accepts from a peer on the silo and gateway ports (ClusterTls): a certificate of the cluster's CA, and of
/// the allowed thumbprints when a list is set. The handshake between real hosts is in Chaos/ClusterTlsJoinTests.
/// </summary>
public sealed class ClusterTlsTests : IDisposable
{
    private readonly TestCertificates _certificates = TestCertificates.In(Path.Combine(Path.GetTempPath(), "hanan-tls-" + Guid.NewGuid().ToString("N")[..8]));

    /// <summary>What the platform reports for a certificate of a private CA presented to an IP address.</summary>
    private const SslPolicyErrors PrivateCaErrors = SslPolicyErrors.RemoteCertificateChainErrors | SslPolicyErrors.RemoteCertificateNameMismatch;

    [Fact]
    public void A_peer_certificate_of_the_cluster_CA_is_accepted_and_one_of_another_CA_is_refused()
    {
        var cluster = _certificates.Authority("cluster");
        var other = _certificates.Authority("other");
        var member = _certificates.Leaf("member", cluster).Certificate;
        var stranger = _certificates.Leaf("stranger", other).Certificate;
        var validate = ClusterTls.PeerValidator(new ClusterTlsSettings { Enabled = true, CaPath = _certificates.CaPath("cluster") });

        validate(member, null, PrivateCaErrors).Should().BeTrue();
        validate(stranger, null, PrivateCaErrors).Should().BeFalse("its chain does not end in the cluster's CA");
        validate(other, null, PrivateCaErrors).Should().BeFalse("a self-signed certificate is no member");
        validate(member, null, PrivateCaErrors | SslPolicyErrors.RemoteCertificateNotAvailable).Should().BeFalse();
    }

    [Fact]
    public void An_allowed_thumbprint_list_narrows_the_CA_and_works_without_one()
    {
        var cluster = _certificates.Authority("cluster");
        var first = _certificates.Leaf("first", cluster).Certificate;
        var second = _certificates.Leaf("second", cluster).Certificate;

        var pinned = ClusterTls.PeerValidator(new ClusterTlsSettings
        {
            Enabled = true, CaPath = _certificates.CaPath("cluster"), AllowedThumbprints = [first.Thumbprint.ToLowerInvariant()],
        });
        pinned(first, null, PrivateCaErrors).Should().BeTrue();
        pinned(second, null, PrivateCaErrors).Should().BeFalse("its thumbprint is not listed");

        var sha256 = Convert.ToHexString(second.GetCertHash(HashAlgorithmName.SHA256));
        var byThumbprintOnly = ClusterTls.PeerValidator(new ClusterTlsSettings { Enabled = true, AllowedThumbprints = [sha256] });
        byThumbprintOnly(second, null, PrivateCaErrors).Should().BeTrue();
        byThumbprintOnly(first, null, PrivateCaErrors).Should().BeFalse();
    }

    [Fact]
    public void The_host_certificate_loads_from_PEM_or_PFX_with_its_key()
    {
        var cluster = _certificates.Authority("cluster");
        var (certificate, certificatePath, keyPath) = _certificates.Leaf("host", cluster);
        ClusterTls.LoadCertificate(new ClusterTlsSettings { CertificatePath = certificatePath, KeyPath = keyPath })
            .Should().Match<X509Certificate2>(c => c.HasPrivateKey && c.Thumbprint == certificate.Thumbprint);

        var pfx = Path.Combine(_certificates.Directory, "host.pfx");
        File.WriteAllBytes(pfx, certificate.Export(X509ContentType.Pkcs12, "pfx-secret"));
        ClusterTls.LoadCertificate(new ClusterTlsSettings { CertificatePath = pfx, CertificatePassword = "pfx-secret" })
            .Should().Match<X509Certificate2>(c => c.HasPrivateKey && c.Thumbprint == certificate.Thumbprint);
    }

    [Fact]
    public void TLS_without_a_certificate_or_without_anything_to_check_peers_against_is_refused()
    {
        new ClusterTlsSettings { Enabled = true, CaPath = "/ca.pem" }.Problem().Should().Contain("CertificatePath");
        new ClusterTlsSettings { Enabled = true, CertificatePath = "/host.pem" }.Problem().Should().Contain("CaPath or AllowedThumbprints");
        new ClusterTlsSettings { Enabled = true, CertificatePath = "/host.pem", AllowedThumbprints = ["AB"] }.Problem().Should().BeNull();
        new ClusterTlsSettings().Problem().Should().BeNull("TLS is off");
    }

    public void Dispose() => _certificates.Dispose();
}
