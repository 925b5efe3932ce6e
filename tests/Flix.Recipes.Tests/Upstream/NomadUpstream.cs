namespace Flix.Recipes.Tests.Upstream;

/// <summary>nomad: a zip and its SHA256SUMS on releases.hashicorp.com.</summary>
public sealed class NomadUpstream : HashiCorpUpstream
{
    public override string Recipe => "nomad";

    public override string Version => "1.9.3";
}
