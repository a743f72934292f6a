using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Hanan.Ops.Host.Tests.Hosting;

/// <summary>
/// Certificates made in the test: a CA (self-signed, for signing only) and leaf certificates it signs, for server and
/// client authentication, as ops/cluster.sh makes them with openssl. Written as PEM files for the hosts' settings.
/// </summary>
internal sealed class TestCertificates : IDisposable
{
    private TestCertificates(string directory) => Directory = directory;

    public string Directory { get; }

    public static TestCertificates In(string directory)
    {
        System.IO.Directory.CreateDirectory(directory);
        return new TestCertificates(directory);
    }

    /// <summary>A CA named <paramref name="name"/>; its certificate is written to NAME.ca.pem.</summary>
    public X509Certificate2 Authority(string name)
    {
        // The keys stay alive with the certificates made from them (for the test's lifetime).
        var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        var authority = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
        File.WriteAllText(CaPath(name), authority.ExportCertificatePem());
        return authority;
    }

    public string CaPath(string name) => Path.Combine(Directory, name + ".ca.pem");

    /// <summary>A leaf certificate for <paramref name="name"/> signed by <paramref name="authority"/>, written to NAME.pem and NAME.key.</summary>
    public (X509Certificate2 Certificate, string CertificatePath, string KeyPath) Leaf(string name, X509Certificate2 authority)
    {
        var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(
            [new Oid("1.3.6.1.5.5.7.3.1"), new Oid("1.3.6.1.5.5.7.3.2")], false)); // server and client authentication
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(System.Net.IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(authority, true, false));
        var serial = RandomNumberGenerator.GetBytes(16);
        serial[0] &= 0x7F;
        using var signed = request.Create(authority, DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30), serial);
        var certificate = signed.CopyWithPrivateKey(key);
        var certificatePath = Path.Combine(Directory, name + ".pem");
        var keyPath = Path.Combine(Directory, name + ".key");
        File.WriteAllText(certificatePath, certificate.ExportCertificatePem());
        File.WriteAllText(keyPath, key.ExportPkcs8PrivateKeyPem());
        return (certificate, certificatePath, keyPath);
    }

    public void Dispose()
    {
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
