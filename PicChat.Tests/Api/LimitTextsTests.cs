using System.Globalization;
using System.Reflection;
using PicChat.Abstractions;
using PicChat.Api;

namespace PicChat.Tests.Api;

/// <summary>
/// A <c>[Description]</c> takes constants only, so a limit it states is a <c>XText</c> string beside the number
/// <c>X</c>; these must never drift apart.
/// </summary>
public sealed class LimitTextsTests
{
    [Fact]
    public void EveryLimitWrittenAsTextSaysTheSameNumber()
    {
        var pairs = new[] { typeof(PicChatApi).Assembly, typeof(Limits).Assembly }
            .SelectMany(assembly => assembly.GetTypes())
            .SelectMany(type => type.GetFields(BindingFlags.Public | BindingFlags.Static)
                .Where(field => field.IsLiteral && field.FieldType == typeof(string) && field.Name.EndsWith("Text", StringComparison.Ordinal))
                .Select(text => (Text: text, Number: type.GetField(text.Name[..^"Text".Length], BindingFlags.Public | BindingFlags.Static))))
            .Where(pair => pair.Number is { IsLiteral: true })
            .ToArray();

        // Assert
        Assert.True(pairs.Length >= 8, $"found only {pairs.Length} limits written as text");
        Assert.All(pairs, pair => Assert.Equal(
            Convert.ToString(pair.Number!.GetRawConstantValue(), CultureInfo.InvariantCulture), (string)pair.Text.GetRawConstantValue()!));
    }
}
