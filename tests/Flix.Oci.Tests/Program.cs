using Flix.Core.Tree;
using Flix.Oci.Layers;
using Flix.Oci.Tests.Layers;

namespace Flix.Oci.Tests;

/// <summary>
/// The test assembly's entry point, for tests that must run code as another user:
/// <c>apply-layers ROOT TAR...</c> applies the tar files in order onto ROOT as the calling user and prints the
/// model, then the warnings.
/// </summary>
internal static class Program
{
    public static async Task<int> Main(string[] args)
    {
        if (args.Length < 2 || args[0] != "apply-layers")
        {
            await Console.Error.WriteLineAsync("usage: apply-layers ROOT TAR...");
            return 2;
        }

        var model = new FileTree();
        var warnings = new List<string>();
        for (int i = 2; i < args.Length; i++)
        {
            var stream = File.OpenRead(args[i]);
            await using (stream.ConfigureAwait(false))
            {
                var result = await LayerApplier.ApplyAsync(stream, "sha256:" + i.ToString("x64"), args[1], model, new LayerApplyOptions());
                warnings.AddRange(result.Warnings);
            }
        }

        Console.WriteLine(ModelDump.Describe(model));
        Console.WriteLine(UnprivilegedApplyTests.WarningsMarker);
        foreach (var warning in warnings)
        {
            Console.WriteLine(warning);
        }

        return 0;
    }
}
