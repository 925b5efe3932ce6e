using System.Globalization;
using System.Text.RegularExpressions;
using Flix.TestSupport.Processes;

namespace Flix.IntegrationTests.Oracles;

/// <summary>The superblock as <c>unsquashfs -s</c> reports it: enough to prove which compressor and block size were used.</summary>
public sealed partial record UnsquashfsSuperblock(string Compression, int BlockSize, string Text)
{
    public static async Task<UnsquashfsSuperblock> ReadAsync(string image, CancellationToken ct = default)
    {
        var result = await ProcessRunner.RunAsync("unsquashfs", ["-s", image], ct: ct);
        string text = result.EnsureSuccess().StandardOutput;
        var compression = CompressionLine().Match(text);
        var blockSize = BlockSizeLine().Match(text);
        if (!compression.Success || !blockSize.Success)
        {
            throw new InvalidDataException($"unsquashfs -s of '{image}' names no compression or block size:{Environment.NewLine}{text}");
        }

        return new UnsquashfsSuperblock(
            compression.Groups[1].Value,
            int.Parse(blockSize.Groups[1].Value, CultureInfo.InvariantCulture),
            text);
    }

    [GeneratedRegex(@"(?m)^Compression (\S+)$")]
    private static partial Regex CompressionLine();

    [GeneratedRegex(@"(?m)^Block size (\d+)$")]
    private static partial Regex BlockSizeLine();
}
