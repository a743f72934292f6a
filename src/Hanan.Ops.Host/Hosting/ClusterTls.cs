using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using Orleans.Connections.Security;

namespace Hanan.Ops.Host.Hosting;

/// <summary>
/// Mutual TLS on the silo and gateway ports (Microsoft.Orleans.Connections.Security): every connection, in both
/// directions, presents this host's certificate and requires the peer's, and a peer is accepted only when its
/// certificate chains to a configured CA and, if a list is configured, has an allowed thumbprint. Orleans' silo
/// protocol has no authentication of its own: without this, anything that reaches the silo port is a member.
/// Host names are not checked: silos address each other by IP, and the CA is the cluster's own.
/// </summary>
internal static class ClusterTls
{
    public static ISiloBuilder UseClusterTls(this ISiloBuilder silo, ClusterTlsSettings settings)
    {
        var certificate = LoadCertificate(settings);
        var validator = PeerValidator(settings);
        return silo.UseTls(certificate, o =>
        {
            o.RemoteCertificateMode = RemoteCertificateMode.RequireCertificate;
            o.ClientCertificateMode = RemoteCertificateMode.RequireCertificate;
            o.RemoteCertificateValidation = validator;
        });
    }

    /// <summary>This host's certificate with its private key: a PFX (with its password) or PEM certificate and key files.</summary>
    public static X509Certificate2 LoadCertificate(ClusterTlsSettings settings)
    {
        var path = settings.CertificatePath ?? throw new InvalidOperationException("Hanan:Cluster:Tls:CertificatePath is not set.");
        var certificate = string.IsNullOrWhiteSpace(settings.KeyPath)
            ? X509CertificateLoader.LoadPkcs12FromFile(path, settings.CertificatePassword)
            : X509Certificate2.CreateFromPemFile(path, settings.KeyPath);
        return certificate.HasPrivateKey
            ? certificate
            : throw new InvalidOperationException($"The cluster certificate {path} has no private key.");
    }

    /// <summary>Accepts a peer's certificate when it chains to one of the configured CAs and (if listed) has an allowed thumbprint.</summary>
    public static RemoteCertificateValidator PeerValidator(ClusterTlsSettings settings)
    {
        var authorities = new X509Certificate2Collection();
        if (!string.IsNullOrWhiteSpace(settings.CaPath))
        {
            authorities.ImportFromPemFile(settings.CaPath);
            if (authorities.Count == 0)
            {
                throw new InvalidOperationException($"Hanan:Cluster:Tls:CaPath {settings.CaPath} holds no PEM certificate.");
            }
        }

        var thumbprints = settings.AllowedThumbprints.Select(t => t.Replace(":", "", StringComparison.Ordinal).Trim().ToUpperInvariant())
            .Where(t => t.Length > 0).ToHashSet(StringComparer.Ordinal);
        return (certificate, presented, errors) =>
            (authorities.Count == 0 || ChainsTo(certificate, presented, authorities))
            && (thumbprints.Count == 0 || thumbprints.Contains(certificate.Thumbprint) || thumbprints.Contains(Sha256(certificate)))
            // A missing certificate is refused by RequireCertificate before this; any other platform error than the name
            // (silos dial IPs) and the chain (checked here against the cluster's CA) refuses.
            && (errors & ~(SslPolicyErrors.RemoteCertificateNameMismatch | SslPolicyErrors.RemoteCertificateChainErrors)) == SslPolicyErrors.None;
    }

    private static bool ChainsTo(X509Certificate2 certificate, X509Chain? presented, X509Certificate2Collection authorities)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(authorities);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        if (presented is not null)
        {
            // Intermediates the peer sent with its certificate.
            foreach (var element in presented.ChainElements.Skip(1))
            {
                chain.ChainPolicy.ExtraStore.Add(element.Certificate);
            }
        }

        return chain.Build(certificate);
    }

    private static string Sha256(X509Certificate2 certificate) =>
        Convert.ToHexString(certificate.GetCertHash(System.Security.Cryptography.HashAlgorithmName.SHA256));
}
