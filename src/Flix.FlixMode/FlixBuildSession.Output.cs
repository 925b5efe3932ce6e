using Flix.Core;
using Flix.Core.Threading;
using Flix.Core.Tree;
using Flix.Elf;
using Flix.Sysext.ElfFiles;

namespace Flix.FlixMode;

internal sealed partial class FlixBuildSession
{
    private const uint PathFileMode = 0x1A4; // 0644

    /// <summary>
    /// Writes the sysroot and replaces every copied ELF file by its patched bytes: the loader (glibc: cache and preload
    /// paths moved under /dev/null/; musl: with its private path file), the libraries flat in SYSROOT/lib, and the
    /// programs at their targets, each patched in one rewrite.
    /// </summary>
    private void WriteSysroot()
    {
        string? interpreter = null;
        if (Loader.ImagePath is { } loaderPath && Loader.FileName is { } loaderName)
        {
            interpreter = LibraryFolder + "/" + loaderName;
            var loaderNode = RootfsNode(loaderPath);
            var loaderBytes = ElfNodeReader.ReadAllBytes(loaderNode, loaderPath);
            if (Loader.Flavor == LoaderFlavor.Glibc)
            {
                LoaderPatcher.NeutraliseCacheAndPreload(loaderBytes, loaderPath);
            }
            else if (Loader.MuslArch is { } arch)
            {
                // musl reads PREFIX/etc/ld-musl-ARCH.path, PREFIX being the loader's folder's parent: the sysroot.
                var pathFile = TreeNode.CreateFile(MemoryFileContent.FromText(LibraryFolder + "\n"), PathFileMode);
                pathFile.ModificationTime = loaderNode.ModificationTime;
                _tree.Add(Sysroot + "/etc/ld-musl-" + arch + ".path", pathFile);
            }

            var loaderCopy = Copy(loaderNode, loaderBytes);
            _tree.Add(interpreter, loaderCopy);
            foreach (var name in _libraryOrder.Where(name => name != loaderName && _libraries[name].ImagePath == loaderPath))
            {
                _tree.Add(LibraryFolder + "/" + name, TreeNode.CreateSymlink(loaderName));
            }
        }

        var jobs = new List<(string Target, TreeNode Node, ElfFile Elf)>();
        jobs.AddRange(_toPatch.Select(item => (item.File.Target, item.File.Node, item.Elf)));
        jobs.AddRange(_libraryOrder.Where(IsPatchedLibrary).Select(name => (LibraryFolder + "/" + name, _libraries[name].Node, _libraries[name].Elf)));
        // libc, when its gconv strings are redirected, is patched from the bytes read to find them.
        var libc = _gconvOriginal is not null && _gconvPrivate is not null && _libcBytes is not null
            && _libraries.TryGetValue(LibcName, out var library) ? library : null;
        var patched = new TreeNode[jobs.Count];
        ParallelLoop.For(jobs.Count, i =>
        {
            var (target, node, elf) = jobs[i];
            var patch = new ElfPatch
            {
                Interpreter = elf.HasInterpreter ? interpreter : null,
                RunPath = LibraryFolder,
                SetNoDefaultLib = true,
            };
            if (libc is not null && ReferenceEquals(libc.Elf, elf))
            {
                LoaderPatcher.RedirectGconv(_libcBytes!, _gconvOriginal!, _gconvPrivate!, libc.ImagePath);
                elf = ElfFile.Parse(_libcBytes!, libc.ImagePath);
            }

            patched[i] = Copy(node, PatchNamingFailures(elf, patch, target));
        }, _cancellationToken);

        for (int i = 0; i < jobs.Count; i++)
        {
            _tree.Add(jobs[i].Target, patched[i]);
        }
    }

    /// <summary>
    /// The patched bytes of <paramref name="elf"/>; a file that parses but cannot take the patch is an error naming it
    /// (the ELF patcher's own messages do) and where it was going in the extension.
    /// </summary>
    private static byte[] PatchNamingFailures(ElfFile elf, ElfPatch patch, string target)
    {
        try
        {
            return elf.Patch(patch);
        }
        catch (Exception e) when (e is ElfFormatException or NotSupportedException)
        {
            throw new FlixException($"{e.Message.TrimEnd('.')} (for {target} in the extension).", e);
        }
    }

    /// <summary>The image's node at <paramref name="canonical"/>, a path already resolved once.</summary>
    private TreeNode RootfsNode(string canonical) =>
        RootfsPathResolver.Resolve(_rootfs, canonical, followLast: true)!.Value.Node;

    /// <summary>A file with <paramref name="bytes"/> and the mode, owner, time and extended attributes of <paramref name="original"/>.</summary>
    private static TreeNode Copy(TreeNode original, byte[] bytes) =>
        TreeNode.CreateFile(new MemoryFileContent(bytes), original.Mode).CopyAttributesFrom(original);
}
