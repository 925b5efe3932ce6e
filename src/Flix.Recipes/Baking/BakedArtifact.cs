namespace Flix.Recipes.Baking;

/// <summary>A download that went into a bake: where from, its digest and size, and how it was verified.</summary>
public sealed record BakedArtifact(string Url, string Digest, long Size, string Verification, bool FromCache);
