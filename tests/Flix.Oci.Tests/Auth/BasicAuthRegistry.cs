using Flix.Oci.Tests.Fixtures;
using Flix.Oci.Tests.Sources;
using Flix.TestSupport.Files;
using Flix.TestSupport.Oci;

namespace Flix.Oci.Tests.Auth;

/// <summary>A real registry behind htpasswd (bcrypt) basic auth holding <c>private/app:v1</c>, shared by a test class.</summary>
public sealed class BasicAuthRegistry : IAsyncLifetime
{
    public const string User = "flix";
    public const string Password = "s3cret pass";

    public LocalRegistry Registry { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        using var scratch = new TempDirectory("flix-auth-");
        var layout = new TestLayout(scratch.Combine("layout"));
        layout.Tag(layout.AddImage("amd64", [TestLayout.GzipLayer("etc/secret", "only with a password")]), "v1");
        Registry = await LocalRegistry.StartAsync(User, Password);
        await Registry.PushAsync(layout.Directory, "private/app:v1", "v1", all: true);
    }

    public async Task DisposeAsync()
    {
        if (Registry is not null)
        {
            await Registry.DisposeAsync();
        }
    }
}
