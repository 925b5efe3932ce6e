using System.Net.Sockets;
using System.Text;
using Flix.TestSupport.Processes;

namespace Flix.IntegrationTests.Fixtures;

/// <summary>
/// Builds the corner-case tree of <see cref="FixtureTree"/> with real system calls and tools: every file type,
/// 255-byte and non-ASCII names, a 10 000-entry directory, block-boundary, large and sparse files,
/// xattrs (a file capability and user.*), suid/sgid/sticky/0000 modes and non-root owners. Needs root.
/// </summary>
public static class FixtureTreeBuilder
{
    public static async Task<FixtureTree> BuildAsync(string root, CancellationToken ct = default)
    {
        Directory.CreateDirectory(root);
        File.SetUnixFileMode(root, Mode(0x1ED));
        var tree = new FixtureTree(root);
        string f = tree.FixturePath;
        foreach (var directory in new[] { "files", "links", "specials", "names", "many", "modes", "owners", "xattrs" })
        {
            Directory.CreateDirectory(Path.Combine(f, directory));
        }

        // Parents that Directory.CreateDirectory made take the umask; pin them.
        foreach (var directory in new[] { "usr", "usr/lib", FixtureTree.Subdirectory })
        {
            File.SetUnixFileMode(Path.Combine(root, directory), Mode(0x1ED));
        }

        await WriteFilesAsync(f, ct);
        await WriteLinksAsync(f);
        await WriteSpecialsAsync(f);
        WriteNames(f);
        WriteMany(f);
        await WriteOwnersAsync(f);
        await WriteModesAsync(f); // after owners: chown clears suid/sgid
        await WriteXattrsAsync(f);
        return tree;
    }

    private static async Task WriteFilesAsync(string f, CancellationToken ct)
    {
        string files = Path.Combine(f, "files");
        await File.WriteAllBytesAsync(Path.Combine(files, "empty"), [], ct);
        await File.WriteAllBytesAsync(Path.Combine(files, "one-block"), Pattern(FixtureTree.BlockSize, seed: 1), ct);
        await File.WriteAllBytesAsync(Path.Combine(files, "one-block-plus-one"), Pattern(FixtureTree.BlockSize + 1, seed: 2), ct);
        await File.WriteAllBytesAsync(Path.Combine(files, "small"), Encoding.UTF8.GetBytes("a small file that lands in a fragment\n"), ct);

        // 100 MiB that compresses well: text lines that carry their chunk number, so no two blocks are equal.
        await using (var large = new FileStream(Path.Combine(files, "large"), FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 20))
        {
            const int chunk = 1 << 20;
            for (int i = 0; i < FixtureTree.LargeSize / chunk; i++)
            {
                await large.WriteAsync(Pattern(chunk, seed: 1000 + i), ct);
            }
        }

        // Data, a hole, data: and a file that is nothing but a hole.
        await using (var sparse = new FileStream(Path.Combine(files, "sparse"), FileMode.CreateNew, FileAccess.Write))
        {
            await sparse.WriteAsync(Pattern(4096, seed: 3), ct);
            sparse.Seek(FixtureTree.SparseDataOffset, SeekOrigin.Begin);
            await sparse.WriteAsync(Pattern(5000, seed: 4), ct);
        }

        await using (var hole = new FileStream(Path.Combine(files, "all-hole"), FileMode.CreateNew, FileAccess.Write))
        {
            hole.SetLength(3L * FixtureTree.BlockSize + 17);
        }

        await File.WriteAllBytesAsync(Path.Combine(files, "hardlink-a"), Encoding.UTF8.GetBytes("one inode, three names\n"), ct);
        await Run("ln", Path.Combine(files, "hardlink-a"), Path.Combine(files, "hardlink-b"));
        await Run("ln", Path.Combine(files, "hardlink-a"), Path.Combine(f, "links", "hardlink-c"));

        var old = DateTimeOffset.FromUnixTimeSeconds(FixtureTree.OldModificationTime).UtcDateTime;
        File.SetLastWriteTimeUtc(Path.Combine(files, "small"), old);
    }

    private static async Task WriteLinksAsync(string f)
    {
        string links = Path.Combine(f, "links");
        File.CreateSymbolicLink(Path.Combine(links, "relative"), "../files/small");
        File.CreateSymbolicLink(Path.Combine(links, "absolute"), "/" + FixtureTree.Subdirectory + "/files/small");
        File.CreateSymbolicLink(Path.Combine(links, "dangling"), "does/not/exist");
        File.CreateSymbolicLink(Path.Combine(links, "to-directory"), "../files");
        File.CreateSymbolicLink(Path.Combine(links, "long-target"), string.Concat(Enumerable.Repeat("deep/", 400)) + "end");
        File.CreateSymbolicLink(Path.Combine(links, "unicode-target"), "../names/" + FixtureTree.UnicodeNames[1]);
        var old = FixtureTree.OldModificationTime.ToString(System.Globalization.CultureInfo.InvariantCulture);
        await Run("touch", "-h", "-d", "@" + old, Path.Combine(links, "dangling"));
    }

    private static async Task WriteSpecialsAsync(string f)
    {
        string specials = Path.Combine(f, FixtureTree.SpecialsDirectory);
        await Run("mknod", "-m", "0666", Path.Combine(specials, "char-null"), "c", "1", "3");
        await Run("mknod", "-m", "0600", Path.Combine(specials, "char-unassigned"), "c", "240", "17");
        await Run("mknod", "-m", "0660", Path.Combine(specials, "block-loop"), "b", "7", "200");
        // A minor above 255 and a major above 255 need the split encoding of device numbers.
        await Run("mknod", "-m", "0640", Path.Combine(specials, "block-large-numbers"), "b", "259", "70000");
        await Run("mknod", "-m", "0644", Path.Combine(specials, "fifo"), "p");

        // .NET unlinks the socket file it bound when the socket is disposed: keep a second name for it.
        string socketPath = Path.Combine(specials, "socket");
        string boundPath = Path.Combine(specials, "socket.bound");
        using (var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified))
        {
            socket.Bind(new UnixDomainSocketEndPoint(boundPath));
            await Run("ln", boundPath, socketPath);
        }

        if (File.Exists(boundPath))
        {
            File.Delete(boundPath);
        }

        await Run("chmod", "0775", socketPath); // chmod(2) by path: a socket cannot be opened
    }

    private static void WriteNames(string f)
    {
        string names = Path.Combine(f, "names");
        int i = 0;
        foreach (var name in FixtureTree.LongNames.Concat(FixtureTree.UnicodeNames))
        {
            File.WriteAllText(Path.Combine(names, name), $"name {i++}\n");
        }

        // A directory whose own name is 255 bytes, with an entry below it.
        string longDirectory = Path.Combine(names, new string('d', 255));
        Directory.CreateDirectory(longDirectory);
        File.WriteAllText(Path.Combine(longDirectory, FixtureTree.UnicodeNames[0]), "below a long directory name\n");
    }

    private static void WriteMany(string f)
    {
        string many = Path.Combine(f, "many");
        for (int i = 0; i < FixtureTree.ManyCount; i++)
        {
            // Every tenth entry is empty; the others are tiny and distinct.
            string name = $"entry-{i:D5}";
            File.WriteAllText(Path.Combine(many, name), i % 10 == 0 ? string.Empty : $"{i}\n");
        }
    }

    private static async Task WriteOwnersAsync(string f)
    {
        string owners = Path.Combine(f, "owners");
        File.WriteAllText(Path.Combine(owners, "user-1000"), "owned by 1000:1000\n");
        File.WriteAllText(Path.Combine(owners, "nobody"), "owned by 65534:65534\n");
        Directory.CreateDirectory(Path.Combine(owners, "directory-4242"));
        File.WriteAllText(Path.Combine(owners, "directory-4242", "group-only"), "owned by 0:4343\n");
        File.CreateSymbolicLink(Path.Combine(owners, "symlink-1234"), "user-1000");
        File.WriteAllText(Path.Combine(owners, "large-ids"), "owned by 3000000000:3000000001\n");

        await Run("chown", "1000:1000", Path.Combine(owners, "user-1000"));
        await Run("chown", "65534:65534", Path.Combine(owners, "nobody"));
        await Run("chown", "4242:4343", Path.Combine(owners, "directory-4242"));
        await Run("chown", "0:4343", Path.Combine(owners, "directory-4242", "group-only"));
        await Run("chown", "-h", "1234:5678", Path.Combine(owners, "symlink-1234"));
        await Run("chown", "3000000000:3000000001", Path.Combine(owners, "large-ids"));
    }

    private static async Task WriteModesAsync(string f)
    {
        string modes = Path.Combine(f, "modes");
        File.WriteAllText(Path.Combine(modes, "suid"), "#!/bin/sh\nexit 0\n");
        await Run("ln", Path.Combine(modes, "suid"), Path.Combine(modes, "suid-link"));
        File.WriteAllText(Path.Combine(modes, "sgid"), "#!/bin/sh\nexit 0\n");
        File.WriteAllText(Path.Combine(modes, "none"), "mode 0000\n");
        File.WriteAllText(Path.Combine(modes, "all-bits"), "mode 7777\n");
        File.WriteAllText(Path.Combine(modes, "owner-user-1000-suid"), "suid, owned by 1000\n");
        Directory.CreateDirectory(Path.Combine(modes, "sgid-directory"));
        Directory.CreateDirectory(Path.Combine(modes, "sticky-directory"));
        Directory.CreateDirectory(Path.Combine(modes, "private-directory"));
        File.WriteAllText(Path.Combine(modes, "private-directory", "inside"), "below a 0700 directory\n");
        await Run("chown", "1000:1000", Path.Combine(modes, "owner-user-1000-suid"));

        // chmod(1) rather than File.SetUnixFileMode: the suid/sgid/sticky bits must be set exactly.
        await Run("chmod", "4755", Path.Combine(modes, "suid"));
        await Run("chmod", "2755", Path.Combine(modes, "sgid"));
        await Run("chmod", "0000", Path.Combine(modes, "none"));
        await Run("chmod", "7777", Path.Combine(modes, "all-bits"));
        await Run("chmod", "4750", Path.Combine(modes, "owner-user-1000-suid"));
        await Run("chmod", "2775", Path.Combine(modes, "sgid-directory"));
        await Run("chmod", "1777", Path.Combine(modes, "sticky-directory"));
        await Run("chmod", "0700", Path.Combine(modes, "private-directory"));
    }

    private static async Task WriteXattrsAsync(string f)
    {
        string xattrs = Path.Combine(f, "xattrs");
        string capable = Path.Combine(xattrs, "capable");
        File.WriteAllText(capable, "#!/bin/sh\nexit 0\n");
        File.SetUnixFileMode(capable, Mode(0x1ED));
        await Run("setcap", "cap_net_bind_service,cap_net_raw+ep", capable);

        string userFile = Path.Combine(xattrs, "user-attributes");
        File.WriteAllText(userFile, "carries user.* attributes\n");
        await Run("setfattr", "-n", "user.flix.text", "-v", "hello from an xattr", userFile);
        await Run("setfattr", "-n", "user.flix.binary", "-v", "0x00ff10e29c8200", userFile);
        await Run("setfattr", "-n", "user.flix.empty", userFile);
        await Run("setfattr", "-n", "user.flix.long", "-v", new string('v', 2000), userFile);

        string userDirectory = Path.Combine(xattrs, "directory");
        Directory.CreateDirectory(userDirectory);
        await Run("setfattr", "-n", "user.flix.directory", "-v", "yes", userDirectory);

        // The same attributes on two files: writers may share one xattr block.
        string twin = Path.Combine(xattrs, "capable-twin");
        File.WriteAllText(twin, "#!/bin/sh\nexit 1\n");
        File.SetUnixFileMode(twin, Mode(0x1ED));
        await Run("setcap", "cap_net_bind_service,cap_net_raw+ep", twin);
    }

    /// <summary>Compressible bytes that differ with <paramref name="seed"/>.</summary>
    public static byte[] Pattern(int length, int seed)
    {
        var buffer = new byte[length];
        var line = Encoding.ASCII.GetBytes($"flix fixture line of chunk {seed:D6}, repeated to fill the block: 0123456789abcdef\n");
        for (int offset = 0; offset < length; offset += line.Length)
        {
            line.AsSpan(0, Math.Min(line.Length, length - offset)).CopyTo(buffer.AsSpan(offset));
        }

        return buffer;
    }

    private static UnixFileMode Mode(int bits) => (UnixFileMode)bits;

    private static Task<ProcessResult> Run(string program, params string[] arguments) =>
        ProcessRunner.RunCheckedAsync(program, arguments);
}
