using Flix.Core;
using Flix.Core.Tree;
using Flix.Elf;
using Flix.Sysext.ElfFiles;

namespace Flix.FlixMode;

/// <summary>
/// Finds the file a DT_NEEDED name (or a dlopen name) means inside the image, in the order of the image's loader,
/// with every path resolved inside the image's tree (never on the host). glibc: the RPATH chain (only when the
/// requester has no RUNPATH), its RUNPATH, the ld.so.conf folders (standing for the cache), the default folders
/// (unless the requester has DF_1_NODEFLIB). musl: the rpath of the requester and of each object up its chain, then
/// the system path. A candidate of another ELF class or machine is skipped, as glibc's loader does.
/// </summary>
public sealed class LibraryResolver
{
    private readonly FileTree _rootfs;
    private readonly Dictionary<string, ElfFile?> _parsed = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    public LibraryResolver(FileTree rootfs, ImageLoader loader)
    {
        _rootfs = rootfs ?? throw new ArgumentNullException(nameof(rootfs));
        Loader = loader ?? throw new ArgumentNullException(nameof(loader));
    }

    public ImageLoader Loader { get; }

    /// <summary>The folders searched for <paramref name="requester"/>'s dependencies, in order (duplicates kept, as the loader tries them).</summary>
    public IReadOnlyList<string> SearchFolders(LibraryRequester requester)
    {
        ArgumentNullException.ThrowIfNull(requester);
        var folders = new List<string>();
        if (Loader.Flavor == LoaderFlavor.Musl)
        {
            for (var r = requester; r is not null; r = r.LoadedBy)
            {
                folders.AddRange(SearchPathExpander.Expand(r.RunPath ?? r.RPath, r.Origin, Loader));
            }

            folders.AddRange(Loader.DefaultDirectories);
            return folders;
        }

        if (requester.RunPath is null)
        {
            for (var r = requester; r is not null; r = r.LoadedBy)
            {
                folders.AddRange(SearchPathExpander.Expand(r.RPath, r.Origin, Loader));
            }
        }

        folders.AddRange(SearchPathExpander.Expand(requester.RunPath, requester.Origin, Loader));
        folders.AddRange(Loader.ConfiguredDirectories);
        if (!requester.NoDefaultLib)
        {
            folders.AddRange(Loader.DefaultDirectories);
        }

        return folders;
    }

    /// <summary>The library <paramref name="name"/> means for <paramref name="requester"/>, or null when the image's loader would not find it.</summary>
    public ResolvedLibrary? Resolve(string name, LibraryRequester requester)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(requester);
        if (LoadableName.Problem(name) is not null)
        {
            return null;
        }

        if (name.Contains('/', StringComparison.Ordinal))
        {
            string path = SearchPathExpander.Expand(name, requester.Origin, Loader) is [var expanded] ? expanded : name;
            return TryCandidate(name, path, path);
        }

        foreach (var folder in SearchFolders(requester))
        {
            if (TryCandidate(name, folder, folder.TrimEnd('/') + "/" + name) is { } found)
            {
                return found;
            }
        }

        return null;
    }

    /// <summary>The loadable library at <paramref name="path"/> in the image, or null when it is missing or of another machine.</summary>
    public ResolvedLibrary? TryCandidate(string name, string folder, string path)
    {
        (TreeNode Node, string Path, IReadOnlyList<string> Links)? resolved;
        try
        {
            resolved = RootfsPathResolver.Resolve(_rootfs, path, followLast: true);
        }
        catch (FlixException)
        {
            return null; // a link loop: the loader gets ELOOP and tries the next folder
        }

        if (resolved is not { Node: { Kind: EntryKind.RegularFile } node, Path: var canonical })
        {
            return null;
        }

        ElfFile? elf;
        lock (_gate)
        {
            if (!_parsed.TryGetValue(canonical, out elf))
            {
                elf = Read(node, canonical);
                _parsed[canonical] = elf;
            }
        }

        return elf is not null && Loader.Accepts(elf) ? new ResolvedLibrary(name, folder, canonical, node, elf) : null;
    }

    /// <summary>
    /// The candidate parsed, when its first bytes say the loader would take it (class, byte order, type, machine); only
    /// then is it read whole. A candidate the loader takes but Flix cannot read (too large) is an error naming it.
    /// </summary>
    private ElfFile? Read(TreeNode node, string canonical)
    {
        if (!ElfNodeReader.TryReadIdentity(node, out var identity) || !Loader.Accepts(identity))
        {
            return null;
        }

        if (node.Content!.Length > ElfNodeReader.MaxElfBytes)
        {
            throw new FlixException(
                $"The library '{canonical}' is {node.Content.Length} bytes; Flix reads ELF files of at most {ElfNodeReader.MaxElfBytes} bytes.");
        }

        return ElfNodeReader.TryRead(node, canonical, out _);
    }
}
