using Flix.Oci.Rootfs;

namespace Flix.Cli.Commands;

/// <summary>Progress of <c>flix rootfs</c> on a terminal: a line per layer as it is fetched and applied.</summary>
internal sealed class RootfsProgressPrinter(TextWriter error) : IProgress<RootfsProgress>
{
    private readonly Lock _lock = new();
    private readonly Dictionary<int, int> _reportedPercent = [];

    public void Report(RootfsProgress value)
    {
        lock (_lock)
        {
            string layer = $"layer {value.Layer + 1}/{value.LayerCount} {value.Digest[..Math.Min(value.Digest.Length, 19)]}";
            if (value.Applied)
            {
                error.WriteLine($"{layer}: applied");
                return;
            }

            // A line at each quarter, so a slow download shows it is moving without flooding the screen.
            int percent = value.Size > 0 ? (int)(value.Downloaded * 100 / value.Size) : 100;
            int step = percent / 25 * 25;
            if (!_reportedPercent.TryGetValue(value.Layer, out int last) || step > last)
            {
                _reportedPercent[value.Layer] = step;
                error.WriteLine($"{layer}: {value.Downloaded / 1024} KiB of {value.Size / 1024} KiB");
            }
        }
    }
}
