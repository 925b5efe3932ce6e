using YamlDotNet.Serialization;

namespace Flix.Recipes.Schema;

/// <summary>The source-generated YAML context of the recipe schema: no reflection, so the program stays trim- and AOT-safe.</summary>
[YamlStaticContext]
[YamlSerializable(typeof(RecipeDocument))]
[YamlSerializable(typeof(VersionSourceDocument))]
[YamlSerializable(typeof(GitHubSourceDocument))]
[YamlSerializable(typeof(GitLabSourceDocument))]
[YamlSerializable(typeof(HashiCorpSourceDocument))]
[YamlSerializable(typeof(UrlSourceDocument))]
[YamlSerializable(typeof(ParameterDocument))]
[YamlSerializable(typeof(ArtifactDocument))]
[YamlSerializable(typeof(ArtifactOverrideDocument))]
[YamlSerializable(typeof(ChecksumDocument))]
[YamlSerializable(typeof(PinnedDigestDocument))]
[YamlSerializable(typeof(InstallRuleDocument))]
[YamlSerializable(typeof(UnitDocument))]
[YamlSerializable(typeof(ShippedFileDocument))]
[YamlSerializable(typeof(LinkDocument))]
[YamlSerializable(typeof(EtcFileDocument))]
[YamlSerializable(typeof(ImageBuildDocument))]
[YamlSerializable(typeof(SysupdateDocument))]
public partial class RecipeYamlContext : StaticContext
{
}
