using System.Collections.Concurrent;
using Flix.IntegrationTests.Builders;
using Flix.IntegrationTests.Infrastructure;
using Flix.IntegrationTests.Oracles;
using Flix.TestSupport.Files;
using Flix.TestSupport.Trees;

namespace Flix.IntegrationTests.Fixtures;

/// <summary>
/// Shared by every integration test (one collection, run serially): checks the machine, builds the big
/// corner-case tree and its snapshot once, and caches each image built from it so every oracle reuses it.
/// Everything lives in temp directories that are deleted at the end.
/// </summary>
public sealed class IntegrationEnvironment : IAsyncLifetime
{
    private readonly ConcurrentDictionary<string, Lazy<Task<BuiltImage>>> _images = new(StringComparer.Ordinal);
    private TempDirectory? _tree;
    private TempDirectory? _work;
    private FixtureTree? _fixture;
    private TreeSnapshot? _snapshot;

    /// <summary>The corner-case tree.</summary>
    public FixtureTree Tree => _fixture ?? throw new InvalidOperationException("The environment is not initialized.");

    /// <summary>The tree as the tools see it (lstat, hashes, xattrs), taken once.</summary>
    public TreeSnapshot TreeSnapshot => _snapshot ?? throw new InvalidOperationException("The environment is not initialized.");

    /// <summary>A directory for images and scratch files shared by the tests.</summary>
    public TempDirectory Work => _work ?? throw new InvalidOperationException("The environment is not initialized.");

    public async Task InitializeAsync()
    {
        await Prerequisites.RequireAsync();
        _tree = TempDirectory.Create("tree");
        _work = TempDirectory.Create("work");
        try
        {
            _fixture = await FixtureTreeBuilder.BuildAsync(_tree.Combine("root"));
            _snapshot = await TreeSnapshot.TakeAsync(_fixture.Root, _work.Path);
        }
        catch
        {
            await DisposeAsync();
            throw;
        }
    }

    /// <summary>The image of the corner-case tree made by <paramref name="builder"/>, built on first use.</summary>
    public Task<BuiltImage> GetTreeImageAsync(IImageBuilder builder, ImageCompression compression, bool allRoot = true)
    {
        string key = $"{builder.Name}-{compression}-{(allRoot ? "root" : "owners")}".ToLowerInvariant();
        var lazy = _images.GetOrAdd(key, k => new Lazy<Task<BuiltImage>>(() => builder.BuildAsync(new ImageRequest
        {
            SourceDirectory = Tree.Root,
            OutputDirectory = Work.CreateSubdirectory(k),
            Name = "fixture",
            Compression = compression,
            AllRoot = allRoot,
        })));
        return lazy.Value;
    }

    public Task DisposeAsync()
    {
        _work?.Dispose();
        _tree?.Dispose();
        return Task.CompletedTask;
    }
}
