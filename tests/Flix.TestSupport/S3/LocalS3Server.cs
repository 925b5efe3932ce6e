using System.Diagnostics;
using Flix.TestSupport.Files;
using Flix.TestSupport.Processes;

namespace Flix.TestSupport.S3;

/// <summary>
/// <c>@20minutes/s3rver</c> (npm, installed into tools/servers/node by tools/install-deps.sh) on 127.0.0.1 and a
/// free port, with its own data folder and the given buckets. It checks SigV4 signatures against the keys
/// <see cref="AccessKey"/>/<see cref="SecretKey"/>; <c>laxSignatures</c> lets bucket-level requests (listings)
/// through, which it cannot verify. Disposing stops the process it started and deletes its folder.
/// </summary>
public sealed class LocalS3Server : IAsyncDisposable
{
    /// <summary>The access key id the server accepts.</summary>
    public const string AccessKey = "S3RVER";

    /// <summary>The secret key the server accepts.</summary>
    public const string SecretKey = "S3RVER";

    private readonly Process _process;
    private readonly string _folder;
    private readonly OutputLog _log;

    private LocalS3Server(Process process, string folder, OutputLog log, int port)
    {
        _process = process;
        _folder = folder;
        _log = log;
        Port = port;
    }

    public int Port { get; }

    /// <summary><c>http://127.0.0.1:PORT</c>: the endpoint users give in AWS_ENDPOINT_URL.</summary>
    public string Endpoint => $"http://127.0.0.1:{Port}";

    /// <summary>What the server wrote so far (for failure messages).</summary>
    public string Log => _log.ToString();

    public static async Task<LocalS3Server> StartAsync(IEnumerable<string> buckets, bool laxSignatures = false, CancellationToken ct = default)
    {
        var node = HostTools.Require("node");
        var script = Path.Combine(NodeServersFolder(), "s3-server.js");
        var folder = Directory.CreateTempSubdirectory("flix-s3-").FullName;
        var startInfo = new ProcessStartInfo(node)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        startInfo.ArgumentList.Add(script);
        startInfo.ArgumentList.Add(Path.Combine(folder, "data"));
        foreach (var bucket in buckets)
        {
            startInfo.ArgumentList.Add(bucket);
        }

        startInfo.Environment["S3_LAX_SIGNATURES"] = laxSignatures ? "1" : "0";
        var process = Process.Start(startInfo) ?? throw new InvalidOperationException($"Cannot start {node}.");
        var log = new OutputLog();
        process.ErrorDataReceived += (_, e) => log.Append(e.Data);
        process.BeginErrorReadLine();
        try
        {
            // The server says "listening PORT" once it is bound.
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(TimeSpan.FromSeconds(30));
            while (await process.StandardOutput.ReadLineAsync(timeout.Token) is { } line)
            {
                if (line.StartsWith("listening ", StringComparison.Ordinal))
                {
                    var server = new LocalS3Server(process, folder, log, int.Parse(line["listening ".Length..], System.Globalization.CultureInfo.InvariantCulture));
                    _ = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
                    return server;
                }

                log.Append(line);
            }

            throw new InvalidOperationException($"The S3 server ({script}) stopped before it listened: {log}");
        }
        catch
        {
            Stop(process);
            TempDirectory.DeleteTree(folder);
            throw;
        }
    }

    /// <summary>Puts an object, signed with SigV4 as any S3 client signs it (curl's --aws-sigv4).</summary>
    public async Task PutAsync(string bucket, string key, byte[] content, CancellationToken ct = default)
    {
        var file = Path.Combine(_folder, "upload-" + Guid.NewGuid().ToString("N"));
        await File.WriteAllBytesAsync(file, content, ct);
        try
        {
            var result = await ProcessRunner.RunAsync(
                HostTools.Require("curl"),
                ["--silent", "--show-error", "--fail", "--aws-sigv4", "aws:amz:us-east-1:s3", "--user", $"{AccessKey}:{SecretKey}",
                    "--header", "x-amz-content-sha256: UNSIGNED-PAYLOAD", "--upload-file", file, $"{Endpoint}/{bucket}/{key}"],
                ct: ct);
            if (result.ExitCode != 0)
            {
                throw new InvalidOperationException($"Cannot put s3://{bucket}/{key}: {result.Describe()}{Environment.NewLine}{Log}");
            }
        }
        finally
        {
            File.Delete(file);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            await _process.WaitForExitAsync(CancellationToken.None);
        }

        _process.Dispose();
        TempDirectory.DeleteTree(_folder);
    }

    /// <summary>tools/servers/node of the repository, with its npm packages installed.</summary>
    private static string NodeServersFolder()
    {
        var folder = Path.Combine(RepositoryRoot.Find(), "tools", "servers", "node");
        return Directory.Exists(Path.Combine(folder, "node_modules", "@20minutes", "s3rver"))
            ? folder
            : throw new InvalidOperationException($"The npm packages of the test servers are not installed in {folder}: run bash tools/install-deps.sh.");
    }

    private static void Stop(Process process)
    {
        if (!process.HasExited)
        {
            process.Kill();
            process.WaitForExit();
        }

        process.Dispose();
    }
}
