using System.Security.Cryptography;
using System.Text;
using Flix.Fetch;
using Flix.Recipes.Fetching;
using Flix.TestSupport.Files;
using Flix.TestSupport.S3;

namespace Flix.Recipes.Tests.Fetching;

/// <summary>
/// s3:// against a real S3 server (s3rver from npm, checking SigV4) on 127.0.0.1, with the AWS settings users set in
/// their environment: AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_ENDPOINT_URL.
/// </summary>
public sealed class S3FetchTests : IDisposable
{
    private const string Bucket = "amazon-eks";
    private readonly TempDirectory _work = TempDirectory.Create("s3-fetch");

    [Fact]
    public async Task An_object_is_fetched_with_the_environments_credentials_and_verified()
    {
        await using var s3 = await LocalS3Server.StartAsync([Bucket]);
        var content = RandomNumberGenerator.GetBytes(300_000);
        await s3.PutAsync(Bucket, "tools/1.0/tool", content);
        var digest = Digest.Compute(content);
        using var session = Session(s3, LocalS3Server.SecretKey);

        var fetched = await session.FetchAsync($"s3://{Bucket}/tools/1.0/tool", digest, null, CancellationToken.None);

        Assert.Equal(digest, fetched.Digest);
        Assert.Equal(content, await File.ReadAllBytesAsync(fetched.Path));
        Assert.Equal("tool", fetched.FileName);
        Assert.Equal("sha256", fetched.Verification);
    }

    [Fact]
    public async Task A_wrong_secret_key_is_a_one_line_error_naming_the_object_and_the_keys()
    {
        await using var s3 = await LocalS3Server.StartAsync([Bucket]);
        await s3.PutAsync(Bucket, "tools/1.0/tool", "#!/bin/sh\n"u8.ToArray());
        using var session = Session(s3, "not-the-secret");

        var error = await Assert.ThrowsAsync<FetchException>(() => session.FetchAsync($"s3://{Bucket}/tools/1.0/tool", null, null, CancellationToken.None));

        Assert.Contains($"s3://{Bucket}/tools/1.0/tool", error.Message, StringComparison.Ordinal);
        Assert.Contains("HTTP 403", error.Message, StringComparison.Ordinal);
        Assert.Contains("AWS_SECRET_ACCESS_KEY", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
        Assert.False(File.Exists(_work.Combine("cache", "blobs", "sha256", Digest.Compute("#!/bin/sh\n"u8.ToArray()).Hex)));
    }

    [Fact]
    public async Task A_missing_object_is_a_one_line_error_naming_bucket_and_key()
    {
        await using var s3 = await LocalS3Server.StartAsync([Bucket]);
        using var session = Session(s3, LocalS3Server.SecretKey);

        var error = await Assert.ThrowsAsync<FetchException>(() => session.FetchAsync($"s3://{Bucket}/tools/9.9/tool", null, null, CancellationToken.None));

        Assert.Contains($"s3://{Bucket}/tools/9.9/tool", error.Message, StringComparison.Ordinal);
        Assert.Contains("HTTP 404", error.Message, StringComparison.Ordinal);
        Assert.Contains("NoSuchKey", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public async Task An_endpoint_that_does_not_answer_is_a_one_line_error()
    {
        string endpoint;
        await using (var stopped = await LocalS3Server.StartAsync([Bucket]))
        {
            endpoint = stopped.Endpoint;
        }

        var environment = new Dictionary<string, string> { ["AWS_ACCESS_KEY_ID"] = "S3RVER", ["AWS_SECRET_ACCESS_KEY"] = "S3RVER", ["AWS_ENDPOINT_URL"] = endpoint };
        using var session = new FetchSession(new FetchSessionOptions
        {
            CacheDirectory = _work.Combine("cache"),
            Environment = name => environment.GetValueOrDefault(name),
            Retry = new Flix.Fetch.Http.RetryPolicy { MaxAttempts = 1 },
        });

        var error = await Assert.ThrowsAsync<FetchException>(() => session.FetchAsync($"s3://{Bucket}/tools/1.0/tool", null, null, CancellationToken.None));

        Assert.Contains($"s3://{Bucket}/tools/1.0/tool", error.Message, StringComparison.Ordinal);
        Assert.Contains(endpoint, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public async Task A_tampered_object_fails_naming_both_digests()
    {
        await using var s3 = await LocalS3Server.StartAsync([Bucket]);
        await s3.PutAsync(Bucket, "tools/1.0/tool", "tampered"u8.ToArray());
        var expected = Digest.Compute("original"u8.ToArray());
        using var session = Session(s3, LocalS3Server.SecretKey);

        var error = await Assert.ThrowsAnyAsync<Exception>(() => session.FetchAsync($"s3://{Bucket}/tools/1.0/tool", expected, null, CancellationToken.None));

        Assert.Contains(expected.ToString(), error.Message, StringComparison.Ordinal);
        Assert.Contains(Digest.Compute("tampered"u8.ToArray()).ToString(), error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bake_eks_kubectl_from_the_s3_server()
    {
        await using var s3 = await LocalS3Server.StartAsync([Bucket]);
        var program = Encoding.UTF8.GetBytes("#!/bin/sh\necho kubectl stand-in\n");
        var key = "1.31.0/2024-09-12/bin/linux/amd64/kubectl";
        await s3.PutAsync(Bucket, key, program);
        await s3.PutAsync(Bucket, key + ".sha256", Encoding.UTF8.GetBytes($"{Convert.ToHexStringLower(SHA256.HashData(program))}  kubectl\n"));
        var environment = Environment(s3, LocalS3Server.SecretKey);
        environment["HOME"] = _work.Path;
        environment["XDG_CACHE_HOME"] = _work.Combine("cache");
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();

        var code = await Flix.Cli.Program.RunAsync(
            ["bake", "eks-kubectl", "1.31.0+2024-09-12", "--arch", "x86-64", "--output", _work.Combine("out")], stdout, stderr, name => environment.GetValueOrDefault(name));

        Assert.True(code == 0, stderr.ToString());
        Assert.Single(Directory.EnumerateFiles(_work.Combine("out"), "eks-kubectl-*-x86-64.raw"));
        Assert.True(File.Exists(_work.Combine("out", "SHA256SUMS")));
    }

    public void Dispose()
    {
        _work.Dispose();
    }

    private static Dictionary<string, string> Environment(LocalS3Server s3, string secret) => new()
    {
        ["AWS_ACCESS_KEY_ID"] = LocalS3Server.AccessKey,
        ["AWS_SECRET_ACCESS_KEY"] = secret,
        ["AWS_ENDPOINT_URL"] = s3.Endpoint,
        ["AWS_REGION"] = "us-east-1",
    };

    private FetchSession Session(LocalS3Server s3, string secret)
    {
        var environment = Environment(s3, secret);
        return new FetchSession(new FetchSessionOptions
        {
            CacheDirectory = _work.Combine("cache"),
            Environment = name => environment.GetValueOrDefault(name),
            Retry = new Flix.Fetch.Http.RetryPolicy { MaxAttempts = 1 },
        });
    }
}
