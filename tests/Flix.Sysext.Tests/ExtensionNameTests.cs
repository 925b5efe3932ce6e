namespace Flix.Sysext.Tests;

public sealed class ExtensionNameTests
{
    [Theory]
    [InlineData("myext")]
    [InlineData("docker-compose")]
    [InlineData("k3s-v1.32")]
    [InlineData("python3.12")]
    [InlineData("a_b+c")]
    public void Accepts_usual_names(string name) => Assert.Null(ExtensionName.Validate(name));

    [Theory]
    [InlineData("", "empty")]
    [InlineData(".hidden", "start with '.'")]
    [InlineData("-x", "start with '-'")]
    [InlineData("a/b", "'/'")]
    [InlineData("a b", "' '")]
    [InlineData("a@b", "'@'")]
    [InlineData("a%b", "'%'")]
    [InlineData("myext.raw", ".raw")]
    public void Refuses_bad_names(string name, string reason)
    {
        var problem = ExtensionName.Validate(name);

        Assert.NotNull(problem);
        Assert.Contains(reason, problem);
    }

    [Fact]
    public void Refuses_overlong_names() => Assert.NotNull(ExtensionName.Validate(new string('a', ExtensionName.MaxLength + 1)));

    [Theory]
    [InlineData("1.2.3", true)]
    [InlineData("v1.32.2+k3s1", true)]
    [InlineData("2.0~rc1", true)]
    [InlineData("", false)]
    [InlineData("1/2", false)]
    [InlineData(".1", false)]
    [InlineData("1 2", false)]
    public void Validates_versions(string version, bool valid) => Assert.Equal(valid, ExtensionName.ValidateVersion(version) is null);
}
