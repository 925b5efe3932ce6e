namespace Flix.Recipes.Tests.Upstream;

/// <summary>vault: a zip and its SHA256SUMS on releases.hashicorp.com.</summary>
public sealed class VaultUpstream : HashiCorpUpstream
{
    public override string Recipe => "vault";

    public override string Version => "1.18.2";
}
