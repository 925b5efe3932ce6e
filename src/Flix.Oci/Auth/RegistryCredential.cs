namespace Flix.Oci.Auth;

/// <summary>A user name and password (or token) for one registry, and where they were found.</summary>
public sealed record RegistryCredential(string Username, string Password, string Origin)
{
    /// <summary>The user name that marks the password as an identity token.</summary>
    public const string IdentityTokenUser = "<token>";

    /// <summary>A credential helper's way of saying the secret is an identity (refresh) token, not a password.</summary>
    public bool IsIdentityToken => Username == IdentityTokenUser;

    public override string ToString() => $"{Username} (from {Origin})";
}
