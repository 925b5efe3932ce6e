using System.Text;
using Flix.Core.Tree;
using Flix.Recipes.Model;
using Flix.Sysext.Units;

namespace Flix.Recipes.Baking;

/// <summary>
/// What a recipe ships besides its downloads: units and drop-ins, the Upholds= drop-ins that start enabled units on
/// merge (the bakery's way), files, links, sysusers.d and tmpfiles.d, and default /etc files under
/// /usr/share/NAME/etc with the tmpfiles <c>C</c> lines that copy them into /etc when it lacks them.
/// </summary>
internal static class ExtensionExtras
{
    private const uint FileMode = 0x1A4;
    private const string UnitFolder = "usr/lib/systemd/system";

    public static void Add(FileTree tree, Recipe recipe)
    {
        foreach (var unit in recipe.Units)
        {
            if (unit.Content is not null)
            {
                Write(tree, $"{UnitFolder}/{unit.Name}", unit.Content, FileMode);
            }

            foreach (var (name, content) in unit.Dropins)
            {
                Write(tree, $"{UnitFolder}/{unit.Name}.d/{name}", content, FileMode);
            }
        }

        foreach (var (path, text) in UpholdsDropIn.RenderAll(recipe.Name, recipe.Units.Where(u => u.Enable).Select(u => u.Name)))
        {
            Write(tree, path, text, FileMode);
        }

        foreach (var file in recipe.Files)
        {
            Write(tree, file.Path, file.Content, file.Mode);
        }

        foreach (var link in recipe.Links)
        {
            ArtifactPlacer.Add(tree, ArtifactPlacer.ToBin(link.Path), TreeNode.CreateSymlink(link.Target));
        }

        if (recipe.Sysusers is { } sysusers)
        {
            Write(tree, $"usr/lib/sysusers.d/{recipe.Name}.conf", WithNewline(sysusers), FileMode);
        }

        var tmpfiles = new StringBuilder(recipe.Tmpfiles is null ? string.Empty : WithNewline(recipe.Tmpfiles));
        foreach (var etc in recipe.Etc)
        {
            var source = etc.Source;
            if (etc.Content is not null)
            {
                source = $"/usr/share/{recipe.Name}{etc.Path}";
                Write(tree, source, etc.Content, FileMode);
            }

            // C: copy when /etc lacks the file; the administrator's own copy is never replaced.
            tmpfiles.Append($"C {etc.Path} - - - - {source}\n");
        }

        if (tmpfiles.Length > 0)
        {
            Write(tree, $"usr/lib/tmpfiles.d/{recipe.Name}.conf", tmpfiles.ToString(), FileMode);
        }
    }

    private static void Write(FileTree tree, string path, string content, uint mode) =>
        tree.Add(ArtifactPlacer.ToBin(path), TreeNode.CreateFile(MemoryFileContent.FromText(content), mode));

    private static string WithNewline(string text) => text.EndsWith('\n') ? text : text + "\n";
}
