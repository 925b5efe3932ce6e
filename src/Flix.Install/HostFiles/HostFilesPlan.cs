using Flix.Core.Tree;

namespace Flix.Install.HostFiles;

/// <summary>What makes the host's /var and /etc as the package expects them: a tmpfiles.d file and the seed copies it names.</summary>
public sealed record HostFilesPlan
{
    /// <summary>Where the tmpfiles.d file goes in the extension, e.g. /usr/lib/tmpfiles.d/flix-nginx.conf.</summary>
    public required string TmpfilesPath { get; init; }

    /// <summary>The tmpfiles.d lines, in order (folders under /var first, then the /etc seeds).</summary>
    public required IReadOnlyList<string> Lines { get; init; }

    /// <summary>The seed copies: where in the extension (under /usr/share/NAME/etc) and the image's node.</summary>
    public required IReadOnlyList<(string Target, TreeNode Node)> Seeds { get; init; }

    /// <summary>The tmpfiles.d file's text, or null when there is nothing to make.</summary>
    public string? Text => Lines.Count == 0 ? null : "# Made by Flix: the package's folders and configuration on the host.\n" + string.Join('\n', Lines) + "\n";
}
