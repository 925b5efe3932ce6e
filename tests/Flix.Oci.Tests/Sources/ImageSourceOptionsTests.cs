using Flix.Oci.Sources;

namespace Flix.Oci.Tests.Sources;

public sealed class ImageSourceOptionsTests
{
    [Fact]
    public void Default_folder_follows_xdg_then_home()
    {
        Assert.Equal("/x/cache/flix", new ImageSourceOptions { Environment = new Dictionary<string, string> { ["XDG_CACHE_HOME"] = "/x/cache", ["HOME"] = "/h" } }.ResolveCacheDirectory());
        Assert.Equal("/h/.cache/flix", new ImageSourceOptions { Environment = new Dictionary<string, string> { ["XDG_CACHE_HOME"] = "relative", ["HOME"] = "/h" } }.ResolveCacheDirectory());
        Assert.Equal("/c", new ImageSourceOptions { CacheDirectory = "/c" }.ResolveCacheDirectory());
    }
}
