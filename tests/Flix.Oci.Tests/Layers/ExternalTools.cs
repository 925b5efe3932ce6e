using System.Diagnostics;

namespace Flix.Oci.Tests.Layers;

/// <summary>The command-line tools the tests lean on.</summary>
internal static class ExternalTools
{
    /// <summary>Compresses with the zstd command-line tool.</summary>
    public static byte[] Zstd(byte[] data, params string[] options)
    {
        var start = new ProcessStartInfo("zstd", ["-q", "-c", "-3", .. options])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
        };
        using var process = Process.Start(start) ?? throw new InvalidOperationException("zstd did not start.");
        var output = new MemoryStream();
        var copy = process.StandardOutput.BaseStream.CopyToAsync(output);
        process.StandardInput.BaseStream.Write(data);
        process.StandardInput.Close();
        copy.GetAwaiter().GetResult();
        process.WaitForExit();
        Assert.Equal(0, process.ExitCode);
        return output.ToArray();
    }
}
