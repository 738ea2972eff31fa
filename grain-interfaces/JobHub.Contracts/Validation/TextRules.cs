using System.Globalization;
using System.Text;

namespace JobHub.Contracts.Validation;

/// <summary>
/// What text a name may hold, and how to show text that came from someone else. Control characters (C0, DEL, C1)
/// and the invisible formatting ones (bidirectional overrides, zero-width marks other than the emoji joiner) are
/// refused in names: they let a name hide, reorder or rewrite what a terminal or a log shows around it.
/// </summary>
public static class TextRules
{
    /// <summary>Most characters of someone else's text a message repeats (an ellipsis marks the cut).</summary>
    public const int MaxShownLength = 80;

    /// <summary>
    /// True for a character a name may not hold: a control character or an invisible formatting one. U+200D joins
    /// emoji sequences (👩‍💻): invisible but harmless, and common in names people type, so it is allowed.
    /// </summary>
    public static bool IsHidden(char c) =>
        char.IsControl(c) || (CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.Format && c != '\u200d');

    /// <summary>True when <paramref name="text"/> holds a hidden character (tab and newline too, unless <paramref name="allowLineBreaks"/>).</summary>
    public static bool HasControlCharacters(string text, bool allowLineBreaks = false)
    {
        ArgumentNullException.ThrowIfNull(text);
        foreach (var c in text)
        {
            if (IsRefused(c, allowLineBreaks))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// <paramref name="text"/> safe to print on a terminal: each hidden character becomes a visible escape
    /// (<c>\u001b</c>); line breaks too unless <paramref name="keepLineBreaks"/>. Nothing is cut.
    /// </summary>
    public static string ForTerminal(string text, bool keepLineBreaks = false)
    {
        ArgumentNullException.ThrowIfNull(text);
        return HasControlCharacters(text, keepLineBreaks) ? Escape(text, int.MaxValue, keepLineBreaks) : text;
    }

    /// <summary>
    /// <paramref name="text"/> made safe to repeat in a message: hidden characters escaped, lone surrogates replaced,
    /// and cut to <paramref name="maxLength"/> characters (never inside a surrogate pair) with an ellipsis.
    /// </summary>
    public static string Show(string? text, int maxLength = MaxShownLength) =>
        string.IsNullOrEmpty(text) ? string.Empty : Escape(text, maxLength, keepLineBreaks: false);

    private static string Escape(string text, int maxLength, bool keepLineBreaks)
    {
        var shown = new StringBuilder(Math.Min(text.Length, maxLength) + 8);
        var index = 0;
        for (; index < text.Length && shown.Length < maxLength; index++)
        {
            var c = text[index];
            if (IsRefused(c, keepLineBreaks))
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

    private static bool IsRefused(char c, bool allowLineBreaks) => !(allowLineBreaks && c is '\n' or '\t') && IsHidden(c);
}
