using Flix.Core.Tree;
using Flix.Sysext;

namespace Flix.Testing.Tests;

/// <summary>Extensions the tests merge and boot, packed by Flix itself.</summary>
internal static class TestExtensions
{
    public static TreeNode Text(string text, uint mode = 0x1A4) => TreeNode.CreateFile(MemoryFileContent.FromText(text), mode);

    /// <summary>NAME with usr/bin/NAME printing "hello from NAME".</summary>
    public static FileTree Program(string name)
    {
        var tree = new FileTree();
        tree.Add($"usr/bin/{name}", Text($"#!/bin/sh\necho hello from {name}\n", 0x1ED));
        return tree;
    }

    /// <summary>NAME with NAME.service running <paramref name="execStart"/>, enabled by an Upholds= drop-in on multi-user.target.</summary>
    public static FileTree Service(string name, string execStart, bool shipProgram)
    {
        var tree = new FileTree();
        if (shipProgram)
        {
            tree.Add($"usr/bin/{name}", Text("#!/bin/sh\necho started\nexec sleep infinity\n", 0x1ED));
        }

        tree.Add($"usr/lib/systemd/system/{name}.service", Text($"[Unit]\nDescription={name} test service\n\n[Service]\nExecStart={execStart}\n"));
        tree.Add($"usr/lib/systemd/system/multi-user.target.d/10-{name}.conf", Text($"[Unit]\nUpholds={name}.service\n"));
        return tree;
    }

    public static async Task<string> PackAsync(FileTree tree, string name, string output, string? os = null, ImageFormat format = ImageFormat.SquashFs, bool reload = false)
    {
        var result = await SysextPacker.PackAsync(tree, new SysextPackOptions
        {
            Name = name,
            Architecture = ExtensionArchitecture.Host!,
            OutputDirectory = output,
            Os = os ?? ExtensionRelease.AnyId,
            Format = format,
            ReloadManager = reload,
        });
        return result.Path;
    }
}
