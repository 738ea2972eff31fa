using System.Globalization;
using System.Text;

namespace JobHub.Agent.Bundles;

/// <summary>
/// Shows text that came from a client (an entry name, a bundle id) in a message: control and invisible formatting
/// characters written as <c>\u001b</c>, and cut to at most <see cref="MaxShownLength"/> characters, so a message
/// never carries a hostile name whole.
/// </summary>
public static class CodeBundleText
{
    /// <summary>Most characters of client text a message repeats (an ellipsis marks the cut).</summary>
    public const int MaxShownLength = 80;

    /// <summary><paramref name="text"/> made safe to repeat in a message: escaped, and cut to <paramref name="maxLength"/> characters.</summary>
    public static string Show(string? text, int maxLength = MaxShownLength)
    {
        if (string.IsNullOrEmpty(text))
        {
            return string.Empty;
        }

        var shown = new StringBuilder(Math.Min(text.Length, maxLength) + 8);
        var index = 0;
        for (; index < text.Length && shown.Length < maxLength; index++)
        {
            var c = text[index];
            if (IsHidden(c))
            {
                shown.Append(CultureInfo.InvariantCulture, $"\\u{(int)c:x4}");
            }
            else if (char.IsHighSurrogate(c) && index + 1 < text.Length && char.IsLowSurrogate(text[index + 1]))
            {
                shown.Append(c).Append(text[++index]);
            }
            else
            {
                shown.Append(char.IsSurrogate(c) ? '\uFFFD' : c);
            }
        }

        return index < text.Length ? shown.Append('…').ToString() : shown.ToString();
    }

    /// <summary>
    /// True for a character that may not appear in an entry name: a control character (C0, DEL, C1) or an invisible
    /// formatting one (bidirectional overrides, zero-width marks; not the emoji joiner U+200D), which could hide or
    /// reorder what a terminal shows around the name.
    /// </summary>
    public static bool IsHidden(char c) =>
        char.IsControl(c) || (CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.Format && c != '\u200d');

    /// <summary>A count with thousands separators (<c>100,000</c>), whatever the culture.</summary>
    internal static string Count(long value) => value.ToString("N0", CultureInfo.InvariantCulture);
}
