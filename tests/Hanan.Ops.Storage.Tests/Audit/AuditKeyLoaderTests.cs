using Hanan.Ops.Domain.Audit;
using Hanan.Ops.Storage.Audit;

namespace Hanan.Ops.Storage.Tests.Audit;

public sealed class AuditKeyLoaderTests : IDisposable
{
    private static readonly string SecretA = Convert.ToBase64String(Enumerable.Range(1, 32).Select(i => (byte)i).ToArray());
    private static readonly string SecretB = Convert.ToBase64String(Enumerable.Range(100, 32).Select(i => (byte)i).ToArray());

    private readonly string _folder = Directory.CreateTempSubdirectory("hanan-keys-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string KeyFile(string text)
    {
        var path = Path.Combine(_folder, "audit.keys");
        File.WriteAllText(path, text);
        return path;
    }

    [Fact]
    public void Rotating_is_appending_a_line_to_the_key_file_and_every_earlier_key_still_verifies()
    {
        var ring = AuditKeyLoader.Load(null, null, KeyFile($"# rotated 2026-12\n2026a {SecretA}\n\n2026b {SecretB}\n"))!;

        ring.Current.KeyId.Should().Be("2026b");
        ring.KeyIds.Should().BeEquivalentTo(["2026a", "2026b"]);
        var earlier = AuditChain.Append(ChainHead.Empty, new AuditEntry(DateTimeOffset.UnixEpoch, "a", "auditor", "x", null, null, AuditOutcome.Success),
            AuditKeyLoader.Load([KeyValuePair.Create("2026a", (string?)SecretA)], null, null)!.Current);
        AuditChain.Verify([earlier], ring).IsIntact.Should().BeTrue();
    }

    [Fact]
    public void Configured_keys_need_the_current_one_named_when_there_are_several()
    {
        var keys = new[] { KeyValuePair.Create("a", (string?)SecretA), KeyValuePair.Create("b", (string?)SecretB) };

        AuditKeyLoader.Load(keys, "a", null)!.Current.KeyId.Should().Be("a");
        AuditKeyLoader.Load(keys[..1], null, null)!.Current.KeyId.Should().Be("a");
        var unnamed = () => AuditKeyLoader.Load(keys, null, null);
        unnamed.Should().Throw<InvalidDataException>().WithMessage("*CurrentKeyId*");
        var unknown = () => AuditKeyLoader.Load(keys, "c", null);
        unknown.Should().Throw<InvalidDataException>().WithMessage("*'c'*");
        AuditKeyLoader.Load([], null, null).Should().BeNull();
    }

    [Theory]
    [InlineData("k1 not-base64!!", "line 1")]
    [InlineData("k1", "line 1")]
    [InlineData("k1 AAAA", "line 1")]
    [InlineData("k1 {A}\nk1 {B}", "twice")]
    [InlineData("bad/id {A}", "line 1")]
    public void A_malformed_key_file_is_refused_naming_the_line_never_the_secret(string text, string named)
    {
        var load = () => AuditKeyLoader.Load(null, null, KeyFile(text.Replace("{A}", SecretA, StringComparison.Ordinal).Replace("{B}", SecretB, StringComparison.Ordinal)));

        var message = load.Should().Throw<InvalidDataException>().Which.Message;
        message.Should().Contain(named).And.NotContain(SecretA).And.NotContain(SecretB);
    }
}

public sealed class AuditAnchorFileTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("hanan-anchorfile-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task In_a_directory_each_host_appends_to_its_own_file_and_all_are_read_with_their_line_numbers()
    {
        var directory = Path.Combine(_folder, "anchors") + Path.DirectorySeparatorChar;
        await AuditAnchorFile.AppendAsync(directory, "ops-1", "one");
        await AuditAnchorFile.AppendAsync(directory, "ops-2", "two");
        await AuditAnchorFile.AppendAsync(directory, "ops-1", "three");
        await File.WriteAllTextAsync(Path.Combine(directory, "notes.txt"), "not an anchor file");

        var lines = await AuditAnchorFile.ReadAsync(directory);

        lines.Select(l => (l.Name, l.Text)).Should().Equal(("ops-1.anchors:1", "one"), ("ops-1.anchors:2", "three"), ("ops-2.anchors:1", "two"));
    }

    [Fact]
    public async Task A_file_path_is_appended_to_and_never_rewritten()
    {
        var file = Path.Combine(_folder, "head.anchors");
        await AuditAnchorFile.AppendAsync(file, "ops-1", "one");
        await AuditAnchorFile.AppendAsync(file, "ops-2", "two");

        (await File.ReadAllTextAsync(file)).Should().Be("one\ntwo\n");
        (await AuditAnchorFile.ReadAsync(file)).Select(l => l.Name).Should().Equal("head.anchors:1", "head.anchors:2");
        (await AuditAnchorFile.ReadAsync(Path.Combine(_folder, "none"))).Should().BeEmpty();
    }
}
