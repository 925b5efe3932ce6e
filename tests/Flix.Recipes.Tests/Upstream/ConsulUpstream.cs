namespace Flix.Recipes.Tests.Upstream;

/// <summary>consul: a zip and its SHA256SUMS on releases.hashicorp.com.</summary>
public sealed class ConsulUpstream : HashiCorpUpstream
{
    public override string Recipe => "consul";

    public override string Version => "1.20.1";
}
