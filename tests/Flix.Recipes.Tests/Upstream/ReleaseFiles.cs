using System.Security.Cryptography;
using System.Text;
using Flix.TestSupport.Processes;

namespace Flix.Recipes.Tests.Upstream;

/// <summary>
/// The files of an upstream release as the harness serves them: each is written below the server's root at
/// HOST/PATH for its upstream URL https://HOST/PATH, so one mirror rule per host maps upstream onto the server and
/// every path after the host stays upstream's. Archives are made with tar from the entries given; checksum files
/// are computed from the bytes served, and signatures made by gpg over them.
/// </summary>
public sealed class ReleaseFiles(string root, string scratch)
{
    private readonly Dictionary<string, byte[]> _files = new(StringComparer.Ordinal);

    /// <summary>The upstream URLs put so far, with their content.</summary>
    public IReadOnlyDictionary<string, byte[]> Files => _files;

    /// <summary>The scheme and host of every URL put (the mirror rules the bake needs).</summary>
    public IEnumerable<string> Origins => _files.Keys.Select(url => new Uri(url).GetLeftPart(UriPartial.Authority)).Distinct(StringComparer.Ordinal);

    /// <summary>A stand-in program: a shell script that prints "PROGRAM VERSION (stand-in)".</summary>
    public static string StandIn(string program, string version) => $"#!/bin/sh\necho \"{program} {version} (stand-in)\"\n";

    /// <summary>The folder below the server's root that serves <paramref name="url"/>.</summary>
    public static string LocalPath(string url)
    {
        var uri = new Uri(url);
        return uri.Host + uri.AbsolutePath;
    }

    /// <summary>Serves <paramref name="content"/> at <paramref name="url"/>.</summary>
    public byte[] Put(string url, byte[] content)
    {
        var file = Path.Combine(root, LocalPath(url));
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        File.WriteAllBytes(file, content);
        _files[url] = content;
        return content;
    }

    public byte[] Put(string url, string content) => Put(url, Encoding.UTF8.GetBytes(content));

    /// <summary>
    /// Serves an archive made of <paramref name="entries"/> (path in the archive → content; a content starting with
    /// "#!" is a program, mode 0755) at <paramref name="url"/>, compressed as its name says (.tar.gz/.tgz, .tar.xz).
    /// Paths that all start with "./" make an archive of "./" entries, as some upstreams pack theirs.
    /// </summary>
    public byte[] PutArchive(string url, IReadOnlyDictionary<string, string> entries)
    {
        var folder = Directory.CreateDirectory(Path.Combine(scratch, $"archive-{_files.Count}")).FullName;
        foreach (var (path, content) in entries)
        {
            var file = Path.Combine(folder, path);
            Directory.CreateDirectory(Path.GetDirectoryName(file)!);
            File.WriteAllText(file, content);
            File.SetUnixFileMode(file, content.StartsWith("#!", StringComparison.Ordinal) ? (UnixFileMode)0x1ED : (UnixFileMode)0x1A4);
        }

        var name = new Uri(url).AbsolutePath;
        var compression = name.EndsWith(".tar.xz", StringComparison.Ordinal) ? "-J"
            : name.EndsWith(".tar.gz", StringComparison.Ordinal) || name.EndsWith(".tgz", StringComparison.Ordinal) ? "-z"
            : throw new ArgumentException($"No archive format for {url}.");
        var tarball = folder + ".tar";
        var tops = entries.Keys.All(path => path.StartsWith("./", StringComparison.Ordinal))
            ? ["."]
            : entries.Keys.Select(path => path.Split('/')[0]).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
        ProcessRunner.RunCheckedAsync("tar", ["-c", compression, "-f", tarball, "--owner=0", "--group=0", "--numeric-owner", "-C", folder, .. tops]).GetAwaiter().GetResult();
        return Put(url, File.ReadAllBytes(tarball));
    }

    /// <summary>The sha256 of a served file, lowercase hex.</summary>
    public string Sha256(string url) => Convert.ToHexStringLower(SHA256.HashData(_files[url]));

    /// <summary>
    /// Serves the per-file checksum of <paramref name="url"/> at URL+<paramref name="suffix"/>: the bare hex (as dl.k8s.io
    /// publishes), or "HEX  NAME" (sha256sum's line, as most GitHub releases publish).
    /// </summary>
    public void PutSha256File(string url, string suffix = ".sha256", bool named = false, bool binary = false) =>
        Put(url + suffix, binary ? $"{Sha256(url)} *{FileName(url)}\n" : named ? $"{Sha256(url)}  {FileName(url)}\n" : Sha256(url) + "\n");

    /// <summary>Serves a sha256sum list of <paramref name="urls"/> ("HEX  NAME" lines) at <paramref name="listUrl"/>.</summary>
    public void PutSumsList(string listUrl, params string[] urls) =>
        Put(listUrl, string.Concat(urls.Select(url => $"{Sha256(url)}  {FileName(url)}\n")));

    /// <summary>Serves a list in sha256sum's binary style ("HEX *NAME" lines, as goreleaser writes checksums.txt).</summary>
    public void PutBinarySumsList(string listUrl, params string[] urls) =>
        Put(listUrl, string.Concat(urls.Select(url => $"{Sha256(url)} *{FileName(url)}\n")));

    /// <summary>
    /// Serves the armored OpenPGP detached signature of <paramref name="url"/> at URL+<paramref name="suffix"/>, made by
    /// gpg with the test run's <see cref="ReleaseSigningKey"/> (as upstreams that sign their releases publish FILE.asc).
    /// </summary>
    public void PutSignature(string url, string suffix = ".asc") => Put(url + suffix, ReleaseSigningKey.Sign(_files[url]));

    /// <summary>Serves the armored public key of <see cref="ReleaseSigningKey"/> at <paramref name="keyUrl"/>.</summary>
    public void PutSigningKey(string keyUrl) => Put(keyUrl, ReleaseSigningKey.PublicKey());

    public static string FileName(string url) => new Uri(url).AbsolutePath.Split('/')[^1];
}
